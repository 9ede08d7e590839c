import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigSchema } from "../../config/index.js";
import { ModelOutputError } from "../../errors/index.js";
import { createHttpMock } from "../../testing/http-mock.js";
import { OPENAI_ORIGIN, openAICompletion, openAIHeaders } from "../../testing/openai-wire.js";
import type { GenerateRequest } from "../language-model.js";
import { createOpenAIModel } from "../providers/openai-model.js";
import { generateObject } from "../structured/index.js";
import { CassetteEntrySchema, cassetteRequestOf, hashCassetteRequest } from "./cassette.js";
import { createReplayModel } from "./replay-model.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const PATH = "/v1/chat/completions";
const Plan = z.object({ steps: z.array(z.string()) });
const request = {
  system: "You plan programming tasks.",
  messages: [{ role: "user" as const, content: "Plan the CSV filter" }],
  temperature: 0,
  schemaName: "plan",
};

function openAI() {
  return createOpenAIModel({
    model: "gpt-4o-mini",
    apiKey: "sk-test",
    llm: { ...ConfigSchema.parse({}).llm, maxRetries: 0 },
    random: () => 0.5,
  });
}

describe("replaying a run with a corrective re-ask", () => {
  let dir: string;
  let cassettePath: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "codeforge-replay-reask-"));
    cassettePath = join(dir, "run.jsonl");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("records the rejected answer and replays generate → rejected → re-ask → success", async () => {
    http
      .scope(OPENAI_ORIGIN)
      .post(PATH)
      .reply(200, openAICompletion('```json\n{"steps": "read"}\n```'), openAIHeaders())
      .post(PATH)
      .reply(
        200,
        openAICompletion('{"steps": ["read", "filter"]}', {
          usage: { prompt_tokens: 60, completion_tokens: 9 },
        }),
        openAIHeaders(),
      );
    const recorder = createReplayModel({ mode: "record", cassettePath, inner: openAI() });

    const recorded = await generateObject(recorder, Plan, request);

    expect(http.requests).toHaveLength(2);
    const lines = (await readFile(cassettePath, "utf8")).trim().split("\n");
    const [rejected, accepted] = lines.map((line) => CassetteEntrySchema.parse(JSON.parse(line)));
    expect(rejected?.response).toMatchObject({
      rejected: true,
      text: '```json\n{"steps": "read"}\n```',
      issues: [{ path: "steps", message: "Invalid input: expected array, received string" }],
      usage: { inputTokens: 25, outputTokens: 7, estimated: false },
      model: "gpt-4o-mini",
    });
    expect(accepted?.request.messages).toHaveLength(3);
    expect(accepted?.response).toMatchObject({ object: { steps: ["read", "filter"] } });

    // Replay: no interceptor is left, so any HTTP call would fail the test.
    const replayer = createReplayModel({ mode: "replay", cassettePath, id: "openai/gpt-4o-mini" });
    const calls: Array<{ rejected: boolean; inputTokens: number }> = [];
    const replayed = await generateObject(replayer, Plan, {
      ...request,
      onCall: (call) => {
        calls.push({ rejected: call.issues.length > 0, inputTokens: call.usage.inputTokens });
      },
    });

    expect(http.requests).toHaveLength(2);
    expect(replayed.object).toEqual(recorded.object);
    expect(replayed.usage).toEqual({ inputTokens: 85, outputTokens: 16, estimated: false });
    expect(replayed.usage).toEqual(recorded.usage);
    expect(calls).toEqual([
      { rejected: true, inputTokens: 25 },
      { rejected: false, inputTokens: 60 },
    ]);
  });

  it("throws the recorded ModelOutputError with its output, issues and usage", async () => {
    http.scope(OPENAI_ORIGIN).post(PATH).reply(200, openAICompletion("not json"), openAIHeaders());
    const recorder = createReplayModel({ mode: "record", cassettePath, inner: openAI() });
    const asked = { ...request, schema: Plan };
    const original = await recorder.generate(asked).catch((error: unknown) => error);
    const replayer = createReplayModel({ mode: "replay", cassettePath, id: "openai/gpt-4o-mini" });

    const replayed = await replayer.generate(asked).catch((error: unknown) => error);

    expect(original).toBeInstanceOf(ModelOutputError);
    expect(replayed).toBeInstanceOf(ModelOutputError);
    const { message, output, issues, usage } = replayed as ModelOutputError;
    expect({ message, output, issues, usage }).toEqual({
      message: (original as ModelOutputError).message,
      output: "not json",
      issues: (original as ModelOutputError).issues,
      usage: { inputTokens: 25, outputTokens: 7, estimated: false },
    });
  });

  it("reads an older cassette that holds only the text: parses it, or throws ModelOutputError", async () => {
    const entry = (asked: GenerateRequest, text: string) => {
      const stored = cassetteRequestOf("openai/gpt-4o-mini", asked);
      return JSON.stringify({
        version: 1,
        hash: hashCassetteRequest(stored),
        recordedAt: "2026-11-01T00:00:00.000Z",
        request: stored,
        response: {
          text,
          usage: { inputTokens: 30, outputTokens: 8, estimated: false },
          latencyMs: 5,
          model: "gpt-4o-mini",
        },
      });
    };
    const fenced = { ...request, schema: Plan };
    const invalid = {
      ...request,
      messages: [{ role: "user" as const, content: "x" }],
      schema: Plan,
    };
    await writeFile(
      cassettePath,
      `${entry(fenced, '```json\n{"steps": ["a"]}\n```')}\n${entry(invalid, '{"steps": 1}')}\n`,
    );
    const replayer = createReplayModel({ mode: "replay", cassettePath, id: "openai/gpt-4o-mini" });

    const parsed = await replayer.generate(fenced);
    const error = await replayer.generate(invalid).catch((caught: unknown) => caught);

    expect(parsed.object).toEqual({ steps: ["a"] });
    expect(error).toBeInstanceOf(ModelOutputError);
    expect((error as ModelOutputError).issues).toEqual([
      { path: "steps", message: "Invalid input: expected array, received number" },
    ]);
    expect((error as ModelOutputError).usage).toEqual({
      inputTokens: 30,
      outputTokens: 8,
      estimated: false,
    });
  });
});
