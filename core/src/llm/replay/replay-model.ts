import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ModelOutputError } from "../../errors/index.js";
import type { GenerateRequest, GenerateResult, LanguageModel } from "../language-model.js";
import { parseModelOutputOrThrow } from "../structured/parse-model-output.js";
import {
  type CassetteEntry,
  CassetteEntrySchema,
  cassetteRequestOf,
  hashCassetteRequest,
} from "./cassette.js";
import { CassetteError, ReplayMissError } from "./replay-errors.js";

/** Record real answers into a cassette, or replay them from it. */
export const REPLAY_MODES = ["record", "replay"] as const;

export type ReplayMode = (typeof REPLAY_MODES)[number];

/** Options of {@link createReplayModel}. */
export interface ReplayModelOptions {
  mode: ReplayMode;
  /** The JSONL cassette file; record mode creates it and appends to it. */
  cassettePath: string;
  /** The real model; required in record mode. */
  inner?: LanguageModel;
  /**
   * `provider/model` the replay model presents and keys requests by; defaults to the inner
   * model's id. Needed in replay mode when no inner model is given.
   */
  id?: string;
  /** The clock for `recordedAt` and for the latency of a rejected answer. */
  now?: () => Date;
}

/**
 * A language model that makes runs deterministic. In `record` mode it forwards each request
 * to the inner model and appends the request and the answer (text, object, usage, model) as
 * one JSON line to the cassette, keyed by a stable hash of the request; an answer the inner
 * model rejected with `ModelOutputError` is recorded too, marked `rejected`, and replay throws
 * the same error (output, issues, usage), so a corrective re-ask replays. In `replay` mode it
 * answers from the cassette and never calls a provider: the same request asked several times
 * gets the recorded answers in order, and the last one again once they run out. A request with
 * no recording fails with {@link ReplayMissError}, naming the hash and the prompt's start.
 *
 * @example
 * const model = createReplayModel({ mode: "replay", cassettePath: "demo/cassettes/fizzbuzz.jsonl", id: "openai/gpt-4o-mini" });
 */
export function createReplayModel(options: ReplayModelOptions): LanguageModel {
  const id = options.id ?? options.inner?.id;
  if (!id) {
    throw new TypeError(
      "createReplayModel needs an inner model or an id such as openai/gpt-4o-mini",
    );
  }
  if (options.mode === "record" && !options.inner) {
    throw new TypeError("createReplayModel in record mode needs the real model to record (inner)");
  }
  const slash = id.indexOf("/");
  const provider = slash > 0 ? id.slice(0, slash) : "replay";
  const modelName = slash > 0 ? id.slice(slash + 1) : id;
  const now = options.now ?? (() => new Date());
  const cursors = new Map<string, number>();
  let cassette: Promise<Map<string, CassetteEntry[]>> | undefined;
  let writes: Promise<unknown> = Promise.resolve();

  const append = (entry: CassetteEntry): Promise<void> => {
    // Appends run one after another so concurrent calls never interleave their lines.
    const write = writes.then(async () => {
      await mkdir(dirname(options.cassettePath), { recursive: true });
      await appendFile(options.cassettePath, `${JSON.stringify(entry)}\n`, "utf8");
    });
    writes = write.catch(() => undefined);
    return write;
  };

  const record = async <T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> => {
    const inner = options.inner as LanguageModel;
    const stored = cassetteRequestOf(id, request as GenerateRequest);
    const entryBase = {
      version: 1 as const,
      hash: hashCassetteRequest(stored),
      recordedAt: now().toISOString(),
      request: stored,
    };
    const started = now().getTime();
    let result: GenerateResult<T>;
    try {
      result = await inner.generate(request);
    } catch (error) {
      // An answer the model rejected is part of the run: the caller re-asks after it, and
      // replay must throw it again at the same point. Other failures are not answers.
      if (!(error instanceof ModelOutputError)) throw error;
      await append({
        ...entryBase,
        response: {
          rejected: true,
          text: error.output,
          message: error.message,
          issues: error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
          ...(error.usage === undefined ? {} : { usage: { ...error.usage } }),
          latencyMs: Math.max(0, now().getTime() - started),
          model: inner.model,
        },
      });
      throw error;
    }
    await append({
      ...entryBase,
      response: {
        text: result.text,
        ...(result.object === undefined ? {} : { object: result.object }),
        usage: result.usage,
        latencyMs: result.latencyMs,
        model: result.model,
      },
    });
    return result;
  };

  const replay = async <T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> => {
    request.signal?.throwIfAborted();
    cassette ??= loadCassette(options.cassettePath);
    const entries = await cassette;
    const hash = hashCassetteRequest(cassetteRequestOf(id, request as GenerateRequest));
    const recorded = entries.get(hash);
    if (!recorded?.length) {
      throw new ReplayMissError({
        hash,
        cassettePath: options.cassettePath,
        promptStart: promptStart(request as GenerateRequest),
      });
    }
    const index = cursors.get(hash) ?? 0;
    cursors.set(hash, index + 1);
    const entry = recorded[Math.min(index, recorded.length - 1)] as CassetteEntry;
    const { response } = entry;
    request.onText?.(response.text);
    if ("rejected" in response) {
      // The recorded issues, not re-derived ones: the re-ask that follows quotes them, and its
      // hash must match the recorded re-ask.
      throw new ModelOutputError(response.message, {
        output: response.text,
        issues: response.issues,
        ...(response.usage === undefined ? {} : { usage: { ...response.usage } }),
      });
    }
    const usage = { ...response.usage };
    let object: T | undefined;
    if (request.schema) {
      const fromObject =
        response.object === undefined ? undefined : request.schema.safeParse(response.object);
      // An older cassette may hold only the text: parse it as a provider would, and throw
      // ModelOutputError like one when it does not match, so the caller re-asks.
      object = fromObject?.success
        ? fromObject.data
        : parseModelOutputOrThrow(response.text, request.schema, {
            provider,
            model: response.model,
            usage,
          });
    }
    return {
      text: response.text,
      ...(object === undefined ? {} : { object }),
      usage,
      latencyMs: response.latencyMs,
      model: response.model,
    };
  };

  return {
    id,
    provider,
    model: modelName,
    generate: (request) => (options.mode === "record" ? record(request) : replay(request)),
  };
}

/** Reads and validates every line of a cassette, grouped by request hash in file order. */
async function loadCassette(path: string): Promise<Map<string, CassetteEntry[]>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CassetteError(
      `Cassette ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): record it first with the replay model in record mode, or check the path.`,
      { cassettePath: path, cause: error },
    );
  }
  const entries = new Map<string, CassetteEntry[]>();
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new CassetteError(
        `Cassette ${path} line ${index + 1} is not JSON: re-record the cassette or remove the line.`,
        { cassettePath: path, line: index + 1, cause: error },
      );
    }
    const parsed = CassetteEntrySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CassetteError(
        `Cassette ${path} line ${index + 1} is not a valid entry (${issue?.path.join(".") || "entry"}: ${issue?.message}): re-record the cassette or remove the line.`,
        { cassettePath: path, line: index + 1, cause: parsed.error },
      );
    }
    const list = entries.get(parsed.data.hash) ?? [];
    list.push(parsed.data);
    entries.set(parsed.data.hash, list);
  }
  return entries;
}

/** The first 80 characters of the request's last user message (or system prompt). */
function promptStart(request: GenerateRequest): string {
  const userMessages = request.messages.filter((message) => message.role === "user");
  const prompt = userMessages.at(-1)?.content ?? request.system ?? "";
  return prompt.replace(/\s+/g, " ").slice(0, 80);
}
