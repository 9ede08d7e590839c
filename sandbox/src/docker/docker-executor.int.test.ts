import { type AddressInfo, createServer } from "node:net";
import { ConfigSchema, type ExecutionSpec, SandboxError } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { SANDBOX_LABEL_FILTER } from "./container-options.js";
import { createDockerExecutor } from "./docker-executor.js";

const docker = new Docker();
const limits = ConfigSchema.parse({
  sandbox: { memoryMb: 256, pidsLimit: 64, tmpfsMb: 8, outputLimitBytes: 256 * 1024 },
}).sandbox;
const engine = await requireService("Docker engine", () => docker.ping());
const image = engine.available
  ? await requireService(`sandbox image ${limits.pythonImage}`, () =>
      docker.getImage(limits.pythonImage).inspect(),
    )
  : engine;

// Under CODEFORGE_REQUIRE_SERVICES=1 a missing node image fails the suite (`.ci/run` builds it).
const nodeImage = image.available
  ? await requireService(`sandbox image ${limits.nodeImage}`, () =>
      docker.getImage(limits.nodeImage).inspect(),
    )
  : image;

/** The executor every test uses, with the guard on (its default policy). */
const guarded = createDockerExecutor({ docker, config: limits });
/** Hostile programs run unguarded: they prove the container holds, not the guard. */
const unguarded = createDockerExecutor({ docker, config: { ...limits, guard: "off" } });

const python = (code: string, extra: Partial<ExecutionSpec> = {}): ExecutionSpec => ({
  language: "python",
  code,
  timeoutMs: 10_000,
  ...extra,
});

async function containerExists(id: string | undefined): Promise<boolean> {
  expect(id).toMatch(/^[0-9a-f]{64}$/);
  const listed = await docker.listContainers({ all: true, filters: { id: [id as string] } });
  return listed.length > 0;
}

describe.skipIf(!image.available)(`DockerExecutor on the real engine ${image.reason}`, () => {
  describe.concurrent("the seed's cases", () => {
    it("prints", async () => {
      const result = await guarded.run(python('print("hello, sandbox")'));

      expect(result).toMatchObject({
        exitCode: 0,
        stdout: "hello, sandbox\n",
        stderr: "",
        timedOut: false,
        oomKilled: false,
        truncated: false,
        blocked: false,
      });
      expect(result.durationMs).toBeGreaterThan(0);
    });

    it("does math", async () => {
      const result = await guarded.run(
        python("import math\nprint(math.factorial(10), math.sqrt(16), 2 ** 100)"),
      );

      expect(result.stdout).toBe("3628800 4.0 1267650600228229401496703205376\n");
    });

    it("imports numpy", async () => {
      const result = await guarded.run(
        python("import numpy as np\nprint(int(np.arange(10).sum()), np.eye(2).tolist())"),
      );

      expect(result.stdout).toBe("45 [[1.0, 0.0], [0.0, 1.0]]\n");
      expect(result.exitCode).toBe(0);
    });

    it("imports pandas", async () => {
      const code = [
        "import pandas as pd",
        "frame = pd.DataFrame({'a': [1, 2, 3], 'b': [4, 5, 6]})",
        "print(int(frame['a'].sum() + frame['b'].sum()), list(frame.columns))",
      ].join("\n");

      const result = await guarded.run(python(code));

      expect(result.stdout).toBe("21 ['a', 'b']\n");
    });

    it("reports a syntax error as a result", async () => {
      const result = await guarded.run(python("def broken(:\n    pass\n"));

      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("SyntaxError");
    });

    it("reports a runtime error as a result", async () => {
      const result = await guarded.run(python("print('before')\n1 / 0\n"));

      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("before\n");
      expect(result.stderr).toContain("ZeroDivisionError");
    });

    it("reports an import error as a result", async () => {
      const result = await guarded.run(python("import no_such_module_here\n"));

      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("ModuleNotFoundError: No module named 'no_such_module_here'");
    });

    it("times out a sleeping program", async () => {
      const result = await guarded.run(
        python("import time\nprint('sleeping')\ntime.sleep(60)", { timeoutMs: 1_500 }),
      );

      expect(result.timedOut).toBe(true);
      expect(result.exitCode).toBeNull();
      expect(result.stdout).toBe("sleeping\n");
      expect(result.durationMs).toBeGreaterThanOrEqual(1_400);
      expect(result.durationMs).toBeLessThan(1_500 + 3_000);
    });

    it("captures stderr apart from stdout", async () => {
      const code = "import sys\nprint('to out')\nprint('to err', file=sys.stderr)\nsys.exit(3)";

      const result = await guarded.run(python(code));

      expect(result).toMatchObject({ exitCode: 3, stdout: "to out\n", stderr: "to err\n" });
    });

    it("keeps multi-line output in order", async () => {
      const result = await guarded.run(python("for i in range(5):\n    print(f'line {i}')"));

      expect(result.stdout).toBe("line 0\nline 1\nline 2\nline 3\nline 4\n");
    });

    it("does not run code the guard blocks", async () => {
      const result = await guarded.run(
        python("import subprocess\nsubprocess.run(['id'])\nprint('ran')"),
      );

      expect(result).toMatchObject({ blocked: true, exitCode: null, stdout: "" });
      expect(result.blockReason).toContain("subprocess");
      expect(result.containerId).toBeUndefined();
    });

    it("leaves no container behind", async () => {
      const result = await guarded.run(python("print('bye')"));

      expect(await containerExists(result.containerId)).toBe(false);
      await expect(
        docker.getContainer(result.containerId as string).inspect(),
      ).rejects.toMatchObject({ statusCode: 404 });
    });

    it("returns 100 KB of output whole", async () => {
      const result = await guarded.run(python("print('x' * 100_000)"));

      expect(result.stdout).toBe(`${"x".repeat(100_000)}\n`);
      expect(result.truncated).toBe(false);
    });
  });

  describe.concurrent("inputs", () => {
    it("places extra files beside the program", async () => {
      const result = await guarded.run(
        python("from helpers.answer import value\nprint(value())", {
          files: {
            "helpers/__init__.py": "",
            "helpers/answer.py": "def value():\n    return 42\n",
          },
        }),
      );

      expect(result.stdout).toBe("42\n");
    });

    it("delivers a megabyte of extra data intact", async () => {
      const data = Array.from({ length: 100_000 }, (_, index) => `${index}`).join("\n");
      const code = [
        "text = open('data/numbers.txt').read()",
        "print(len(text), sum(int(line) for line in text.splitlines()))",
      ].join("\n");

      const result = await guarded.run(python(code, { files: { "data/numbers.txt": data } }));

      expect(result.stdout).toBe(`${data.length} ${(99_999 * 100_000) / 2}\n`);
    });

    it.skipIf(!nodeImage.available)(
      `runs node programs with files and stdin ${nodeImage.reason}`,
      async () => {
        const code = [
          "const { readFileSync } = require('node:fs');",
          "const { greet } = require('./lib/greet.js');",
          "console.log(greet(readFileSync(0, 'utf8').trim()));",
          "console.error('to stderr');",
          "process.exitCode = 2;",
        ].join("\n");

        const result = await guarded.run({
          language: "node",
          code,
          stdin: "sandbox\n",
          files: { "lib/greet.js": 'exports.greet = (name) => "hello, " + name;' },
          timeoutMs: 10_000,
        });

        expect(result).toMatchObject({
          exitCode: 2,
          stdout: "hello, sandbox\n",
          stderr: "to stderr\n",
        });
      },
    );

    it("feeds stdin, then EOF", async () => {
      const code = [
        "import sys",
        "print(input().upper())",
        "print(sys.stdin.read().split())",
        "try:",
        "    input()",
        "except EOFError:",
        "    print('eof')",
      ].join("\n");

      const result = await guarded.run(python(code, { stdin: "first\nsecond third\n" }));

      expect(result.stdout).toBe("FIRST\n['second', 'third']\neof\n");
    });

    it("gives input() EOF at once when there is no stdin", async () => {
      const code = "try:\n    input('prompt> ')\nexcept EOFError:\n    print('got EOF')";

      const result = await guarded.run(python(code, { timeoutMs: 5_000 }));

      expect(result.timedOut).toBe(false);
      expect(result.stdout).toBe("prompt> got EOF\n");
    });

    it("streams output to onOutput as it comes", async () => {
      const streamed = { stdout: "", stderr: "" };

      const result = await guarded.run(
        python("import sys\nprint('a')\nprint('b', file=sys.stderr)", {
          onOutput: (stream, chunk) => {
            streamed[stream] += chunk;
          },
        }),
      );

      // Unbuffered Python may write "a" and "\n" separately: compare the joined text.
      expect(streamed).toEqual({ stdout: "a\n", stderr: "b\n" });
      expect(result.exitCode).toBe(0);
    });

    it("rethrows what onOutput threw, after the run is cleaned up", async () => {
      const failure = new Error("progress display broke");

      const run = guarded.run(
        python("print('a')", {
          onOutput: () => {
            throw failure;
          },
        }),
      );

      await expect(run).rejects.toBe(failure);
    });

    it("throws image_missing with the fix for an image the engine lacks", async () => {
      const executor = createDockerExecutor({
        docker,
        config: { ...limits, pythonImage: "codeforge/no-such-image:0" },
      });

      const run = executor.run(python("print(1)"));

      await expect(run).rejects.toBeInstanceOf(SandboxError);
      await expect(run).rejects.toMatchObject({
        code: "image_missing",
        message: expect.stringContaining("codeforge sandbox image build"),
      });
    });
  });

  describe.concurrent("hostile programs are contained", () => {
    it("survives a fork bomb: forks fail at the pids limit", async () => {
      const code = [
        "import os, time",
        "children = 0",
        "try:",
        "    while True:",
        "        if os.fork() == 0:",
        "            time.sleep(30)",
        "            os._exit(0)",
        "        children += 1",
        "except OSError as error:",
        "    print('fork failed after', children, 'errno', error.errno)",
      ].join("\n");

      const result = await unguarded.run(python(code));

      expect(result.exitCode).toBe(0);
      const match = /fork failed after (\d+) errno 11/.exec(result.stdout);
      expect(match).not.toBeNull();
      expect(Number(match?.[1])).toBeLessThan(limits.pidsLimit);
      // The sleeping children did not keep the run alive: they died with pid 1.
      expect(result.durationMs).toBeLessThan(10_000);
    });

    it("stops a program allocating far beyond the memory limit", async () => {
      const code = "blocks = []\nwhile True:\n    blocks.append(b'x' * (16 * 1024 * 1024))";

      const result = await unguarded.run(python(code, { memoryMb: 128 }));

      expect(result.exitCode).not.toBe(0);
      expect(result.oomKilled || result.stderr.includes("MemoryError")).toBe(true);
      expect(result.timedOut).toBe(false);
    });

    it("kills a CPU loop at the timeout", async () => {
      const result = await unguarded.run(python("while True:\n    pass", { timeoutMs: 2_000 }));

      expect(result.timedOut).toBe(true);
      expect(result.exitCode).toBeNull();
      expect(result.durationMs).toBeLessThan(2_000 + 3_000);
    });

    it("cannot write to / or /etc, or anywhere outside the tmpfs mounts", async () => {
      const code = [
        "for path in ['/evil', '/etc/evil', '/usr/evil', '/home/evil']:",
        "    try:",
        "        open(path, 'w').write('x')",
        "        print(path, 'WRITABLE')",
        "    except OSError as error:",
        "        print(path, 'denied', error.errno)",
      ].join("\n");

      const result = await unguarded.run(python(code));

      expect(result.stdout).not.toContain("WRITABLE");
      expect(result.stdout).toMatch(/^\/evil denied (30|13)\n\/etc\/evil denied (30|13)\n/);
    });

    it("can use /tmp and the working directory, up to their size cap", async () => {
      const code = [
        "open('/tmp/small', 'wb').write(b'x' * (2 << 20))",
        "open('notes.txt', 'w').write('kept')",
        "print('small ok', open('notes.txt').read())",
        "try:",
        "    with open('/tmp/big', 'wb') as handle:",
        "        for _ in range(32):",
        "            handle.write(b'x' * (1 << 20))",
        "            handle.flush()",
        "    print('big ok')",
        "except OSError as error:",
        "    print('big failed', error.errno)",
      ].join("\n");

      const result = await unguarded.run(python(code));

      expect(result.stdout).toBe("small ok kept\nbig failed 28\n");
    });

    it("has no network interface but loopback, no route, and cannot reach the host", async () => {
      // Proved without sending anything beyond loopback: the container's interfaces and
      // routing tables, and a connect to a port listening on the *host's* loopback, which
      // the container's own loopback does not reach.
      const connections: string[] = [];
      const server = createServer((socket) => {
        connections.push(String(socket.remoteAddress));
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      const code = [
        "import os, socket",
        "lines = open('/proc/net/dev').read().splitlines()[2:]",
        "print(sorted(line.split(':')[0].strip() for line in lines))",
        "print(sorted(name for _, name in socket.if_nameindex()))",
        // IPv4 routes beyond the header line: none, so no default route.
        "print(len(open('/proc/net/route').read().splitlines()[1:]))",
        "ipv6 = '/proc/net/ipv6_route'",
        "rows = open(ipv6).read().splitlines() if os.path.exists(ipv6) else []",
        "print([row.split()[-1] for row in rows if row.split()[-1] != 'lo'])",
        "probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
        "probe.settimeout(2)",
        "try:",
        `    probe.connect(('127.0.0.1', ${port}))`,
        "    print('connected')",
        "except OSError as error:",
        "    print('connect failed', error.errno)",
      ].join("\n");

      try {
        const result = await unguarded.run(python(code));

        expect(result.stdout).toBe("['lo']\n['lo']\n0\n[]\nconnect failed 111\n");
        expect(connections).toEqual([]);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it("runs as a non-root user with no capabilities", async () => {
      const code = [
        "import os",
        "print(os.getuid(), os.geteuid())",
        "status = open('/proc/self/status').read().splitlines()",
        "print([line.split()[1] for line in status if line.startswith(('CapEff', 'NoNewPrivs'))])",
      ].join("\n");

      const result = await unguarded.run(python(code));

      const [ids, capabilities] = result.stdout.split("\n");
      expect(ids).not.toMatch(/\b0\b/);
      expect(capabilities).toBe("['0000000000000000', '1']");
    });

    it("lets background processes die with the container", async () => {
      const code = [
        "import os, time",
        "if os.fork() == 0:",
        "    os.setsid()",
        "    time.sleep(300)",
        "    os._exit(0)",
        "print('parent leaves', flush=True)",
      ].join("\n");

      const result = await unguarded.run(python(code));

      expect(result.stdout).toBe("parent leaves\n");
      expect(result.timedOut).toBe(false);
      expect(await containerExists(result.containerId)).toBe(false);
    });

    it("stops a run when its AbortSignal fires", async () => {
      const controller = new AbortController();
      let containerId = "";
      const code = [
        "import re",
        "print(re.search('[0-9a-f]{64}', open('/proc/self/cgroup').read()).group(0), flush=True)",
        "while True:",
        "    pass",
      ].join("\n");
      const started = Date.now();

      const run = unguarded.run(
        python(code, {
          timeoutMs: 20_000,
          signal: controller.signal,
          onOutput: (_stream, chunk) => {
            containerId += chunk.trim();
            controller.abort();
          },
        }),
      );

      await expect(run).rejects.toMatchObject({ name: "AbortError" });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await containerExists(containerId)).toBe(false);
    });
  });

  describe("output flood", () => {
    it("truncates at the cap while the host's memory stays bounded", async () => {
      const floodBytes = 256 * 1024 * 1024;
      const code = [
        "import sys",
        "chunk = 'x' * (1 << 20)",
        `for _ in range(${floodBytes >> 20}):`,
        "    sys.stdout.write(chunk)",
        "sys.stderr.write('done')",
      ].join("\n");
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);

      const result = await unguarded.run(python(code, { timeoutMs: 30_000 }));
      clearInterval(sampler);

      expect(result.exitCode).toBe(0);
      expect(result.truncated).toBe(true);
      expect(result.stdout).toHaveLength(limits.outputLimitBytes);
      expect(result.stderr).toBe("done");
      // Keeping the flood would grow the heap by all of it; the cap keeps growth to noise.
      expect(peak - before).toBeLessThan((floodBytes * 3) / 8);
    });
  });

  describe("leftovers", () => {
    it("leaves no labelled container of this process after the suite's runs", async () => {
      await guarded.run(python("print(1)"));

      const left = await docker.listContainers({
        all: true,
        filters: { label: [...SANDBOX_LABEL_FILTER.label, `codeforge.owner-pid=${process.pid}`] },
      });

      expect(left).toEqual([]);
    });
  });
});
