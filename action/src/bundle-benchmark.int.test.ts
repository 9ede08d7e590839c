import { readFileSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEvalExecutor } from "@codeforge/benchmarks";
import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { type ReceivedChat, startOpenAiStandIn } from "./test-support/openai-stand-in.js";
import { runBundle } from "./test-support/run-bundle.js";

const sandbox = await requireService("Docker sandbox", async () => {
  const executor = createEvalExecutor({
    docker: new Docker(),
    sandbox: ConfigSchema.parse({}).sandbox,
    size: 1,
  });
  try {
    const result = await executor.run({ language: "python", code: "print(6 * 7)" });
    if (result.stdout.trim() !== "42") throw new Error(`probe printed ${result.stdout}`);
  } finally {
    await executor.close?.();
  }
});

const CUSTOM = fileURLToPath(new URL("../dist/custom/", import.meta.url));
const tasks = JSON.parse(readFileSync(join(CUSTOM, "tasks.json"), "utf8")) as Array<{
  id: string;
  description: string;
}>;
const MAIN =
  '\n\ndef main() -> None:\n    print("ready")\n\n\nif __name__ == "__main__":\n    main()\n';
/** The cassette .github/workflows/action-benchmark.yml replays. */
const CASSETTE = fileURLToPath(
  new URL("../../.github/replay/action-bench-custom.jsonl", import.meta.url),
);
const SECRET = "sk-proj-benchmark-secret-0123456789abcdef";

/** A coder that answers each custom problem with its reference solution. */
function referenceCoder(request: ReceivedChat): unknown {
  const text = request.messages.map((message) => message.content).join("\n");
  const task = tasks.find((candidate) => text.includes(candidate.description));
  if (task === undefined) return undefined;
  return {
    code: `${readFileSync(join(CUSTOM, "solutions", `${task.id}.py`), "utf8")}${MAIN}`,
    tests: "assert True",
    imports: [],
    explanation: "the reference solution",
  };
}

const model = await startOpenAiStandIn(referenceCoder);
afterAll(() => model.close());

describe.skipIf(!sandbox.available)(`the bundle in benchmark mode ${sandbox.reason}`, () => {
  it("runs a small subset in the real sandbox and writes pass rates, results and a summary", async () => {
    const workspace = await mkdtemp(join(tmpdir(), "codeforge-action-bench-"));
    const run = await runBundle({
      cwd: workspace,
      inputs: {
        mode: "benchmark",
        benchmark: "custom",
        limit: "2",
        provider: "openai",
        model: "gpt-4o-mini",
        "openai-api-key": SECRET,
      },
      env: {
        GITHUB_WORKSPACE: workspace,
        OPENAI_BASE_URL: model.baseUrl,
        OLLAMA_HOST: "http://127.0.0.1:9",
        CODEFORGE_ROUTING_SIMPLE_THRESHOLD: "0.99",
        CODEFORGE_ROUTING_COMPLEX_THRESHOLD: "1",
        CODEFORGE_REPAIR_BACKOFF_BASE_SECONDS: "0",
      },
    });

    expect(run.log).not.toContain("::error::");
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      status: "completed",
      "pass-at-1": "1.0000",
      "pass-at-1-repair": "1.0000",
      tokens: "1100",
    });
    expect(model.received).toHaveLength(2);
    expect(model.received[0]?.authorization).toBe(`Bearer ${SECRET}`);
    const resultsFile = run.outputs["results-file"] ?? "";
    expect(resultsFile.startsWith(join(workspace, "codeforge-results"))).toBe(true);
    const results = JSON.parse(await readFile(resultsFile, "utf8"));
    expect(results).toMatchObject({ type: "custom", total: 2, passed: 2, passAt1: 1 });
    expect(results.results.map((result: { problemId: string }) => result.problemId)).toEqual(
      tasks.slice(0, 2).map((task) => task.id),
    );
    expect(run.summary).toContain("### custom (2/2 problems)");
    expect(run.summary).toContain(
      "| pass@1 | after repair | avg retries | cost (USD) | s/problem | model per tier |",
    );
    expect(run.summary).toContain("| 100.0% | 100.0% |");
    expect(run.log).toContain("::group::custom: 2 problems");
    for (const text of [
      run.log.replace(`::add-mask::${SECRET}`, ""),
      run.outputFile,
      run.summary,
    ]) {
      expect(text).not.toContain(SECRET);
    }
  }, 240_000);

  it("replays the repository's cassette as the workflow does: no provider, the same pass rates", async () => {
    const workspace = await mkdtemp(join(tmpdir(), "codeforge-action-replay-"));
    const calls = model.received.length;
    const run = await runBundle({
      cwd: workspace,
      inputs: {
        mode: "benchmark",
        benchmark: "custom",
        limit: "2",
        model: "openai/gpt-4o-mini",
        "replay-cassette": CASSETTE,
      },
      env: { GITHUB_WORKSPACE: workspace, OLLAMA_HOST: "http://127.0.0.1:9" },
    });

    expect(run.log).not.toContain("::error::");
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ "pass-at-1": "1.0000", "pass-at-1-repair": "1.0000" });
    expect(model.received.length).toBe(calls);
  }, 240_000);
});
