import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * The interpreter the unsandboxed speed baseline runs: `CODEFORGE_BENCH_PYTHON`, else
 * `/usr/bin/python3` (on Debian the very build the sandbox image runs, so a comparison
 * measures the sandbox and not two Pythons), else the real executable behind `python3`,
 * so the baseline does not pay for a version manager's shim (a pyenv shim is a shell
 * script that costs more than the program). Shared by `bench:eval` and `bench:sandbox`.
 *
 * @example
 * createHostPythonExecutor({ python: baselinePython(process.env) })
 */
export function baselinePython(env: Readonly<Record<string, string | undefined>>): string {
  const chosen = env.CODEFORGE_BENCH_PYTHON;
  if (chosen !== undefined && chosen.trim() !== "") return chosen;
  if (existsSync("/usr/bin/python3")) return "/usr/bin/python3";
  return execFileSync("python3", ["-c", "import sys; print(sys.executable)"]).toString().trim();
}
