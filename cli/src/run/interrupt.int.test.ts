import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigSchema, openStore } from "@codeforge/core";
import { createDockerExecutor, OWNER_PID_LABEL } from "@codeforge/sandbox";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireSandboxImage } from "../test-support/require-sandbox-image.js";

// SIGTERM (a container stop, a CI cancel, systemd) stops a real `codeforge` process as
// Ctrl-C does: no sandbox container left behind, the task recorded as cancelled.
const sandboxConfig = ConfigSchema.parse({}).sandbox;
const docker = new Docker();
const sandbox = await requireSandboxImage(
  createDockerExecutor({ docker, config: sandboxConfig }),
  sandboxConfig,
);

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

/** A program that passes its syntax check, then sleeps far longer than the test waits. */
const SLEEPER = `import time


def add(a: int, b: int) -> int:
    """Sum."""
    return a + b


time.sleep(100)


def main() -> None:
    print(add(2, 3))


if __name__ == "__main__":
    main()
`;

/** An OpenAI-compatible endpoint whose every answer is the coder's reply with {@link SLEEPER}. */
const server = createServer(async (request, response) => {
  for await (const _chunk of request) {
    // Drain the body.
  }
  response.writeHead(200, { "content-type": "application/json" });
  response.end(
    JSON.stringify({
      id: "chatcmpl-interrupt",
      object: "chat.completion",
      created: 1_767_225_600,
      model: "gpt-4o-mini-2024-07-18",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: JSON.stringify({
              code: SLEEPER,
              tests: "assert add(2, 3) == 5",
              imports: [],
              explanation: "adds, slowly",
            }),
            refusal: null,
          },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
    }),
  );
});

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
});
afterAll(() => {
  server.close();
});

/** Starts `codeforge …` from source in a process of its own, as a user's shell would. */
function startCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string } {
  const { port } = server.address() as AddressInfo;
  const child = spawn(process.execPath, ["--import", TSX, "--conditions=source", MAIN, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      ...(process.env.DOCKER_HOST === undefined ? {} : { DOCKER_HOST: process.env.DOCKER_HOST }),
      OPENAI_API_KEY: "sk-interrupt",
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OLLAMA_HOST: "http://127.0.0.1:9",
      CODEFORGE_LOG_LEVEL: "silent",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    text += String(chunk);
  });
  return { child, output: () => text };
}

/** The containers (running or not) the process `pid` owns. */
async function containersOf(pid: number | undefined): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({
    all: true,
    filters: { label: [`${OWNER_PID_LABEL}=${pid}`] },
  });
}

/** Waits until the process has had a container running for a while, so the program is mid-run. */
async function waitForRunningContainer(child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the CLI exited early:\n${output()}`);
    const running = (await containersOf(child.pid)).filter((info) => info.State === "running");
    const settled = running.filter((info) => Date.now() / 1000 - info.Created > 3);
    if (settled.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no sandbox container appeared:\n${output()}`);
}

async function terminate(child: ChildProcess): Promise<number | null> {
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const [code] = (await exited) as [number | null];
  return code;
}

/** After a failed test: the process and whatever containers it left, so none outlive it. */
async function cleanUp(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const info of await containersOf(child.pid)) {
    await docker.getContainer(info.Id).remove({ force: true });
  }
}

describe.skipIf(!sandbox.available)(`SIGTERM on the real sandbox ${sandbox.reason}`, () => {
  it("codeforge run: the container is removed and the task recorded as cancelled", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "codeforge-sigterm-run-"));
    // Every task counts as simple: one coder call, no planner. The operator's file (it raises
    // the sandbox's limit, which a repository's codeforge.yml may not do).
    await writeFile(
      join(cwd, "operator.yml"),
      "routing:\n  simpleThreshold: 0.99\n  complexThreshold: 1\nsandbox:\n  timeoutSeconds: 120\n",
    );
    const { child, output } = startCli(["run", "Write add(a, b) returning the sum."], cwd, {
      CODEFORGE_CONFIG: join(cwd, "operator.yml"),
    });
    try {
      await waitForRunningContainer(child, output);

      const code = await terminate(child);

      expect(code, output()).toBe(1);
      expect(await containersOf(child.pid)).toEqual([]);
      const store = await openStore({ cwd });
      try {
        const [task] = (await store.tasks.list({})).items;
        expect(task).toMatchObject({ status: "failed" });
        const detail = await store.tasks.get(task?.id ?? "");
        expect(detail?.errorMessage).toContain("cancelled: cancelled by SIGTERM");
      } finally {
        await store.close();
      }
    } finally {
      await cleanUp(child);
    }
  }, 180_000);

  it("codeforge eval: the pool's containers are removed and the command says it was interrupted", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "codeforge-sigterm-eval-"));
    await writeFile(
      join(cwd, "samples.jsonl"),
      `${JSON.stringify({ task_id: "dp_group_average", solution: "import time\ntime.sleep(100)\n" })}\n`,
    );
    const { child, output } = startCli(
      ["eval", "--dataset", "custom", "--samples", "samples.jsonl", "--timeout", "300"],
      cwd,
    );
    try {
      await waitForRunningContainer(child, output);

      const code = await terminate(child);

      expect(code, output()).toBe(1);
      expect(output()).toContain(
        "Interrupted (cancelled by SIGTERM): evaluation stopped, nothing was written",
      );
      expect(await containersOf(child.pid)).toEqual([]);
    } finally {
      await cleanUp(child);
    }
  }, 180_000);
});
