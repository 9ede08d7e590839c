import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import type { ExecutionResult, ExecutionSpec, Executor } from "@codeforge/core";
import { SandboxError } from "@codeforge/core";

/** Options of {@link createHostPythonExecutor}. */
export interface HostPythonExecutorOptions {
  /** The interpreter; defaults to `python3`. */
  python?: string;
  /** Used when a spec sets no timeout. */
  defaultTimeoutMs?: number;
  /** Bytes kept of each of stdout and stderr. */
  outputLimitBytes?: number;
}

/**
 * An UNSANDBOXED executor: one host `python3` process per program, in its own temporary
 * folder. It exists only as the speed baseline of `npm run bench:eval` (and to run the
 * datasets' own trusted reference code in tests); it is never for model output or any
 * other untrusted code. Exported only from `@codeforge/benchmarks/baseline`, not from the
 * package's main entry. Extra files must stay inside the program's folder.
 */
export function createHostPythonExecutor(options: HostPythonExecutorOptions = {}): Executor {
  const python = options.python ?? "python3";
  const limit = options.outputLimitBytes ?? 1024 * 1024;
  return {
    async run(spec: ExecutionSpec): Promise<ExecutionResult> {
      if (spec.language !== "python") {
        throw new SandboxError(`The host baseline runs only Python, not ${spec.language}.`, {
          code: "invalid_request",
        });
      }
      const folder = await mkdtemp(join(tmpdir(), "codeforge-host-"));
      try {
        await writeFile(join(folder, "main.py"), spec.code);
        for (const [path, content] of Object.entries(spec.files ?? {})) {
          const target = insideFolder(folder, path);
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, content);
        }
        return await runProcess(
          python,
          folder,
          spec,
          spec.timeoutMs ?? options.defaultTimeoutMs ?? 30_000,
          limit,
        );
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}

/** The path of an extra file in `folder`; a name that is absolute or leaves it is refused. */
function insideFolder(folder: string, name: string): string {
  const target = join(folder, name);
  const path = relative(folder, target);
  if (
    isAbsolute(name) ||
    path === "" ||
    path === ".." ||
    path.startsWith(`..${sep}`) ||
    isAbsolute(path)
  ) {
    throw new SandboxError(
      `The file name ${JSON.stringify(name)} is absolute or leaves the program's folder: give a relative path inside it, such as "data/input.txt".`,
      { code: "invalid_request" },
    );
  }
  return target;
}

function runProcess(
  python: string,
  folder: string,
  spec: ExecutionSpec,
  timeoutMs: number,
  limit: number,
): Promise<ExecutionResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(python, ["main.py"], {
      cwd: folder,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const output = { stdout: "", stderr: "", truncated: false };
    const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      spec.onOutput?.(stream, text);
      const room = limit - output[stream].length;
      if (room <= 0) {
        output.truncated = true;
        return;
      }
      if (text.length > room) output.truncated = true;
      output[stream] += text.slice(0, room);
    };
    child.stdout.on("data", collect("stdout"));
    child.stderr.on("data", collect("stderr"));
    child.stdin.on("error", () => {});
    child.stdin.end(spec.stdin ?? "");
    let timedOut = false;
    const kill = () => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const onAbort = () => kill();
    spec.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new SandboxError(
          `Could not start ${python}: ${error.message}. Install Python 3 or pass another interpreter.`,
          {
            code: "container_failed",
            cause: error,
          },
        ),
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      spec.signal?.removeEventListener("abort", onAbort);
      resolve({
        exitCode: timedOut ? null : code,
        stdout: output.stdout,
        stderr: output.stderr,
        timedOut,
        oomKilled: false,
        durationMs: Math.round(performance.now() - started),
        truncated: output.truncated,
      });
    });
  });
}
