import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createScriptedModel, type ScriptedModel } from "../../testing/scripted-model.js";
import type { GenerateRequest } from "../language-model.js";
import { CassetteEntrySchema, cassetteRequestOf, hashCassetteRequest } from "./cassette.js";
import { CassetteError, ReplayMissError } from "./replay-errors.js";
import { createReplayModel } from "./replay-model.js";

const PlanSchema = z.object({ steps: z.array(z.string()) });

const ask = (content: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  system: "You write Python.",
  messages: [{ role: "user", content }],
  temperature: 0.2,
  maxTokens: 512,
  ...extra,
});

describe("createReplayModel", () => {
  let dir: string;
  let cassettePath: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "codeforge-replay-"));
    cassettePath = join(dir, "cassettes", "run.jsonl");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Records two calls; the inner model's requests hold the usage it answered with. */
  async function recordTwoCalls(): Promise<ScriptedModel> {
    const inner = createScriptedModel(["print('hi')", '{"steps": ["read", "filter"]}'], {
      id: "openai/gpt-4o-mini",
    });
    const recorder = createReplayModel({
      mode: "record",
      cassettePath,
      inner,
      now: () => new Date("2026-11-24T12:00:00Z"),
    });
    await recorder.generate(ask("Write a hello world program"));
    await recorder.generate({
      ...ask("Plan the CSV filter"),
      schema: PlanSchema,
      schemaName: "plan",
    });
    return inner;
  }

  it("records each call as a valid JSON line keyed by the request's hash", async () => {
    const inner = await recordTwoCalls();
    const usage = inner.requests[0];
    expect(usage?.inputTokens).toBeGreaterThan(0);

    const lines = (await readFile(cassettePath, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(2);
    const first = CassetteEntrySchema.parse(JSON.parse(lines[0] ?? ""));
    expect(first.hash).toBe(
      hashCassetteRequest(
        cassetteRequestOf("openai/gpt-4o-mini", ask("Write a hello world program")),
      ),
    );
    expect(first).toMatchObject({
      version: 1,
      recordedAt: "2026-11-24T12:00:00.000Z",
      request: {
        model: "openai/gpt-4o-mini",
        system: "You write Python.",
        temperature: 0.2,
        maxTokens: 512,
      },
      response: {
        text: "print('hi')",
        usage: {
          inputTokens: usage?.inputTokens,
          outputTokens: usage?.outputTokens,
          estimated: false,
        },
        model: "gpt-4o-mini",
      },
    });
    const second = CassetteEntrySchema.parse(JSON.parse(lines[1] ?? ""));
    expect(second.request.schema).toMatchObject({
      type: "object",
      properties: { steps: { type: "array" } },
    });
    expect(second.response).toMatchObject({ object: { steps: ["read", "filter"] } });
  });

  it("records nothing when the real model fails", async () => {
    const inner = createScriptedModel([{ error: new Error("OpenAI answered 500") }], {
      id: "openai/gpt-4o",
    });
    const recorder = createReplayModel({ mode: "record", cassettePath, inner });

    await expect(recorder.generate(ask("Write FizzBuzz"))).rejects.toThrow("OpenAI answered 500");
    await expect(readFile(cassettePath, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("replays recorded answers without any inner model", async () => {
    const recorded = (await recordTwoCalls()).requests[0];
    const replayer = createReplayModel({ mode: "replay", cassettePath, id: "openai/gpt-4o-mini" });
    const streamed: string[] = [];

    const text = await replayer.generate({
      ...ask("Write a hello world program"),
      onText: (delta) => streamed.push(delta),
    });
    const plan = await replayer.generate({ ...ask("Plan the CSV filter"), schema: PlanSchema });

    expect(replayer.id).toBe("openai/gpt-4o-mini");
    expect(replayer.provider).toBe("openai");
    expect(text).toMatchObject({
      text: "print('hi')",
      model: "gpt-4o-mini",
      usage: { inputTokens: recorded?.inputTokens, outputTokens: recorded?.outputTokens },
    });
    expect(streamed).toEqual(["print('hi')"]);
    expect(plan.object).toEqual({ steps: ["read", "filter"] });
  });

  it("answers a repeated request with its recordings in order, then the last one again", async () => {
    const inner = createScriptedModel(["first", "second"], { id: "anthropic/claude-haiku-4-5" });
    const recorder = createReplayModel({ mode: "record", cassettePath, inner });
    await recorder.generate(ask("Fix the bug"));
    await recorder.generate(ask("Fix the bug"));
    const replayer = createReplayModel({
      mode: "replay",
      cassettePath,
      id: "anthropic/claude-haiku-4-5",
    });

    const answers = [];
    for (let call = 0; call < 3; call += 1)
      answers.push((await replayer.generate(ask("Fix the bug"))).text);

    expect(answers).toEqual(["first", "second", "second"]);
  });

  it("fails on a miss with the hash and the first 80 characters of the prompt", async () => {
    await recordTwoCalls();
    const replayer = createReplayModel({ mode: "replay", cassettePath, id: "openai/gpt-4o-mini" });
    const prompt = `Write a program that ${"does many things ".repeat(10)}`;

    const attempt = replayer.generate(ask(prompt));

    await expect(attempt).rejects.toBeInstanceOf(ReplayMissError);
    const error = (await attempt.catch((caught: unknown) => caught)) as ReplayMissError;
    expect(error.hash).toBe(
      hashCassetteRequest(cassetteRequestOf("openai/gpt-4o-mini", ask(prompt))),
    );
    expect(error.message).toContain(error.hash);
    expect(error.message).toContain(`(prompt: "${prompt.slice(0, 80)}")`);
    expect(error.message).not.toContain(prompt.slice(0, 81));
  });

  it("misses when the model, temperature or schema changed", async () => {
    await recordTwoCalls();
    const otherModel = createReplayModel({ mode: "replay", cassettePath, id: "openai/gpt-4o" });
    const sameModel = createReplayModel({ mode: "replay", cassettePath, id: "openai/gpt-4o-mini" });

    await expect(otherModel.generate(ask("Write a hello world program"))).rejects.toBeInstanceOf(
      ReplayMissError,
    );
    await expect(
      sameModel.generate(ask("Write a hello world program", { temperature: 0.9 })),
    ).rejects.toBeInstanceOf(ReplayMissError);
    await expect(
      sameModel.generate({
        ...ask("Plan the CSV filter"),
        schema: z.object({ steps: z.array(z.number()) }),
      }),
    ).rejects.toBeInstanceOf(ReplayMissError);
  });

  it("rejects a cassette line that is not a valid entry, naming the line", async () => {
    await recordTwoCalls();
    await writeFile(
      cassettePath,
      `${await readFile(cassettePath, "utf8")}{"version": 1, "hash": "abc"}\n`,
    );
    const replayer = createReplayModel({ mode: "replay", cassettePath, id: "openai/gpt-4o-mini" });

    const attempt = replayer.generate(ask("Write a hello world program"));

    await expect(attempt).rejects.toBeInstanceOf(CassetteError);
    await expect(attempt).rejects.toThrow(
      /line 3 is not a valid entry \(hash: must be a sha256 hex digest\)/,
    );
  });

  it("says how to create a cassette that does not exist", async () => {
    const replayer = createReplayModel({
      mode: "replay",
      cassettePath: join(dir, "none.jsonl"),
      id: "openai/gpt-4o",
    });

    await expect(replayer.generate(ask("hi"))).rejects.toThrow(
      /cannot be read \(ENOENT\): record it first/,
    );
  });

  it("honours an aborted signal in replay mode", async () => {
    await recordTwoCalls();
    const replayer = createReplayModel({ mode: "replay", cassettePath, id: "openai/gpt-4o-mini" });
    const controller = new AbortController();
    controller.abort();

    await expect(
      replayer.generate({ ...ask("Write a hello world program"), signal: controller.signal }),
    ).rejects.toThrow(/aborted/);
  });
});

describe("hashCassetteRequest", () => {
  it("ignores key order, the signal, the stream callback and the schema's name", () => {
    const base = cassetteRequestOf(
      "openai/gpt-4o",
      ask("Sort a list", { schema: PlanSchema, schemaName: "a" }),
    );
    const other = cassetteRequestOf("openai/gpt-4o", {
      maxTokens: 512,
      temperature: 0.2,
      messages: [{ content: "Sort a list", role: "user" }],
      system: "You write Python.",
      schema: PlanSchema,
      schemaName: "b",
      signal: new AbortController().signal,
      onText: () => undefined,
    });

    expect(hashCassetteRequest(other)).toBe(hashCassetteRequest(base));
    expect(hashCassetteRequest(base)).toMatch(/^[0-9a-f]{64}$/);
  });
});
