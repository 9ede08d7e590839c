import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ConfigSchema, SandboxError } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POOL_LABEL } from "./pool-worker.js";
import { createSandboxPool, type SandboxPool } from "./sandbox-pool.js";

const docker = new Docker();
const engine = await requireService("Docker engine", () => docker.ping());
// The guard is off: these tests are about what the container contains, not the guard.
const config = ConfigSchema.parse({
  sandbox: { outputLimitBytes: 64 * 1024, guard: "off" },
}).sandbox;

async function poolContainers(ids: readonly string[]): Promise<string[]> {
  const listed = await docker.listContainers({ all: true, filters: { label: [POOL_LABEL] } });
  return listed.map((info) => info.Id).filter((id) => ids.includes(id));
}

describe.skipIf(!engine.available)(`sandbox pool on the real engine ${engine.reason}`, () => {
  describe("with two containers", () => {
    let pool: SandboxPool;
    beforeAll(async () => {
      pool = createSandboxPool({ docker, config, size: 2 });
      await pool.warmUp();
    });
    afterAll(async () => {
      await pool.close();
    });

    it("runs many jobs in parallel, each with its own result", async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          pool.run({
            language: "python",
            code: `import sys\nprint(${index} * 3)\nprint("e${index}", file=sys.stderr)\nsys.exit(${index % 3})`,
          }),
        ),
      );
      results.forEach((result, index) => {
        expect(result.stdout).toBe(`${index * 3}\n`);
        expect(result.stderr).toBe(`e${index}\n`);
        expect(result.exitCode).toBe(index % 3);
        expect(result.timedOut).toBe(false);
      });
      const containers = new Set(results.map((result) => result.containerId));
      expect(containers.size).toBeLessThanOrEqual(2);
      expect([...containers].every((id) => pool.containerIds().includes(id ?? ""))).toBe(true);
    });

    it("passes stdin and extra files, gives EOF without stdin, and runs as a non-root user", async () => {
      const result = await pool.run({
        language: "python",
        code: "import os, helper\nprint(input(), helper.VALUE, os.getuid() != 0)\ntry:\n    input()\nexcept EOFError:\n    print('eof')",
        stdin: "hello\n",
        files: { "helper.py": "VALUE = 42\n" },
      });
      expect(result.stdout).toBe("hello 42 True\neof\n");
      const noInput = await pool.run({ language: "python", code: "input()" });
      expect(noInput.stderr).toContain("EOFError");
    });

    it("runs a program as `python3 main.py` would: tracebacks, exit statuses, __main__, fresh random state", async () => {
      const failing = await pool.run({
        language: "python",
        code: "def f():\n    return 1 / 0\nf()",
      });
      expect(failing.exitCode).toBe(1);
      expect(failing.stderr).toMatch(
        /^Traceback \(most recent call last\):\n {2}File "\/workspace\/job-[^/]+\/main\.py", line 3, in <module>\n/,
      );
      expect(failing.stderr).toMatch(/ZeroDivisionError: division by zero\n$/);
      const syntax = await pool.run({ language: "python", code: "def (:\n    pass" });
      expect(syntax.exitCode).toBe(1);
      expect(syntax.stderr).toMatch(
        /^ {2}File "[^"]+main\.py", line 1\n[\s\S]*SyntaxError: invalid syntax\n$/,
      );
      const message = await pool.run({ language: "python", code: "import sys\nsys.exit('bye')" });
      expect(message).toMatchObject({ exitCode: 1, stderr: "bye\n" });
      const guarded = await pool.run({
        language: "python",
        code: "import atexit, sys\natexit.register(lambda: print('at exit'))\nif __name__ == '__main__':\n    print(sys.argv)",
      });
      expect(guarded.stdout).toBe("['main.py']\nat exit\n");
      const draws = await Promise.all(
        [1, 2, 3].map(() =>
          pool.run({ language: "python", code: "import random\nprint(random.random())" }),
        ),
      );
      expect(new Set(draws.map((draw) => draw.stdout)).size).toBe(3);
    });

    it("imports the scientific stack", async () => {
      const result = await pool.run({
        language: "python",
        code: "import numpy, sortedcontainers\nprint(int(numpy.arange(5).sum()), sortedcontainers.SortedList([3, 1, 2])[0])",
      });
      expect(result).toMatchObject({ exitCode: 0, stdout: "10 1\n" });
    });

    it("caps output and says so", async () => {
      const result = await pool.run({ language: "python", code: "print('x' * 1_000_000)" });
      expect(result.truncated).toBe(true);
      expect(result.stdout.length).toBe(config.outputLimitBytes);
      expect(result.exitCode).toBe(0);
    });

    it("reports an infinite loop as timed out, killed close to its timeout", async () => {
      const result = await pool.run({
        language: "python",
        code: "while True:\n    pass",
        timeoutMs: 1500,
      });
      expect(result.timedOut).toBe(true);
      expect(result.exitCode).toBeNull();
      expect(result.durationMs).toBeGreaterThanOrEqual(1400);
      expect(result.durationMs).toBeLessThan(3500);
    });

    it("reports a memory hog as out of memory", async () => {
      const result = await pool.run({
        language: "python",
        code: "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 1024 * 1024))",
      });
      expect(result.oomKilled).toBe(true);
      expect(result.exitCode).not.toBe(0);
    });

    it("reports memory text on stderr as out of memory only when the program failed", async () => {
      const [succeeded, failed] = await Promise.all(
        [0, 1].map((status) =>
          pool.run({
            language: "python",
            code: `import sys\nprint("MemoryError: out of memory (just a message)", file=sys.stderr)\nsys.exit(${status})`,
          }),
        ),
      );
      expect(succeeded).toMatchObject({ exitCode: 0, oomKilled: false, timedOut: false });
      expect(failed).toMatchObject({ exitCode: 1, oomKilled: true });
    });

    it("contains a fork bomb and keeps answering", async () => {
      const bomb = await pool.run({
        language: "python",
        code: "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass",
        timeoutMs: 2000,
      });
      expect(bomb.exitCode === 0 && !bomb.timedOut).toBe(false);
      const after = await pool.run({
        language: "python",
        code: "import os\nprint(len([p for p in os.listdir('/proc') if p.isdigit()]))",
      });
      expect(after.exitCode).toBe(0);
      // Only the supervisor (pid 1) and this program are left.
      expect(Number(after.stdout)).toBeLessThanOrEqual(2);
    });

    it("stops a job when its signal aborts, and carries on", async () => {
      const controller = new AbortController();
      const run = pool.run({
        language: "python",
        code: "import time\ntime.sleep(30)",
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(new Error("stop it")), 300);
      await expect(run).rejects.toThrow("stop it");
      const after = await pool.run({ language: "python", code: "print('still here')" });
      expect(after.stdout).toBe("still here\n");
    });

    it("refuses node and file paths that leave the working directory", async () => {
      await expect(pool.run({ language: "node", code: "1" })).rejects.toMatchObject({
        code: "invalid_request",
      });
      await expect(
        pool.run({ language: "python", code: "1", files: { "../escape.py": "" } }),
      ).rejects.toBeInstanceOf(SandboxError);
    });
  });

  describe("with one container", () => {
    let pool: SandboxPool;
    beforeAll(async () => {
      pool = createSandboxPool({ docker, config, size: 1 });
      await pool.warmUp();
    });
    afterAll(async () => {
      await pool.close();
    });

    it("never lets a job see another job's files or processes", async () => {
      const first = await pool.run({
        language: "python",
        code: [
          "import os, subprocess",
          "for path in ('/tmp/secret', '/workspace/secret', '/dev/shm/secret', 'secret'):",
          "    open(path, 'w').write('x')",
          "subprocess.Popen(['sleep', '60'], start_new_session=True)",
          "print(os.getcwd())",
        ].join("\n"),
      });
      expect(first.exitCode).toBe(0);
      const second = await pool.run({
        language: "python",
        code: [
          "import os",
          "print(os.listdir('/tmp'), os.listdir('/dev/shm'), os.listdir('.'))",
          "print(len(os.listdir('/workspace')))",
          `print(os.path.exists(${JSON.stringify(first.stdout.trim())}))`,
          "print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()) == sorted([1, os.getpid()]))",
        ].join("\n"),
      });
      expect(second.containerId).toBe(first.containerId);
      expect(second.stdout).toBe("[] [] ['main.py']\n1\nFalse\nTrue\n");
    });

    it("keeps jobs away from the supervisor: no tracing, no writing into its results channel", async () => {
      const result = await pool.run({
        language: "python",
        code: [
          "import os, signal",
          "for path, mode in (('/proc/1/fd/1', 'w'), ('/proc/1/mem', 'rb')):",
          "    try:",
          "        open(path, mode)",
          "        print(path, 'open')",
          "    except OSError as error:",
          "        print(path, type(error).__name__)",
          "os.kill(1, signal.SIGKILL)",
          "print(open('/proc/self/oom_score_adj').read().strip())",
        ].join("\n"),
      });
      expect(result.stdout).toBe(
        "/proc/1/fd/1 PermissionError\n/proc/1/mem PermissionError\n1000\n",
      );
      const after = await pool.run({ language: "python", code: "print('alive')" });
      expect(after).toMatchObject({ stdout: "alive\n", containerId: result.containerId });
    });

    it("replaces a container that was killed, and runs the job on the new one", async () => {
      const [before] = pool.containerIds();
      expect(before).toBeDefined();
      await docker.getContainer(before ?? "").kill();
      const result = await pool.run({ language: "python", code: "print('on a fresh container')" });
      expect(result.stdout).toBe("on a fresh container\n");
      expect(result.containerId).not.toBe(before);
    });

    it("reruns a job whose container died under it", async () => {
      const [current] = pool.containerIds();
      const run = pool.run({
        language: "python",
        code: "import time\ntime.sleep(1)\nprint('done')",
      });
      setTimeout(
        () =>
          void docker
            .getContainer(current ?? "")
            .kill()
            .catch(() => undefined),
        300,
      );
      const result = await run;
      expect(result.stdout).toBe("done\n");
      expect(result.containerId).not.toBe(current);
    });
  });

  it("leaves no container behind when its process is killed without closing the pool", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--conditions=source",
        fileURLToPath(new URL("./test-support/pool-child.ts", import.meta.url)),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const ids = await new Promise<string[]>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("\n")) resolve(JSON.parse(output) as string[]);
      });
      child.once("exit", (code) => reject(new Error(`the pool process exited early (${code})`)));
    });
    expect(await poolContainers(ids)).toHaveLength(2);
    child.kill("SIGKILL");
    const deadline = Date.now() + 15_000;
    while ((await poolContainers(ids)).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await poolContainers(ids)).toEqual([]);
  }, 60_000);

  it("reports a missing image with the build command", async () => {
    const pool = createSandboxPool({
      docker,
      config,
      size: 1,
      image: "codeforge/sandbox-python:missing",
    });
    try {
      const run = pool.run({ language: "python", code: "print(1)" });
      await expect(run).rejects.toMatchObject({ code: "image_missing" });
      await expect(run).rejects.toThrow(/codeforge sandbox image build/);
    } finally {
      await pool.close();
    }
  });

  it("close() removes every container and refuses further jobs", async () => {
    const pool = createSandboxPool({ docker, config, size: 2 });
    await pool.warmUp();
    const ids = pool.containerIds();
    expect(await poolContainers(ids)).toHaveLength(2);
    const queued = Promise.allSettled([
      pool.run({ language: "python", code: "import time\ntime.sleep(5)" }),
      pool.run({ language: "python", code: "import time\ntime.sleep(5)" }),
      pool.run({ language: "python", code: "print(1)" }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await pool.close();
    for (const outcome of await queued) {
      expect(outcome.status).toBe("rejected");
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: "pool_closed" });
    }
    expect(await poolContainers(ids)).toEqual([]);
    await expect(pool.run({ language: "python", code: "print(1)" })).rejects.toMatchObject({
      code: "pool_closed",
    });
  });
});
