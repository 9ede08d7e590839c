import { spawnSync } from "node:child_process";
import { requireService, type ServiceAvailability } from "./require-service.js";

/**
 * Probes a program a test runs on this machine (`python3`, …) through the service gate: it is
 * there when `command ...args` exits 0. Locally a missing program skips the suite with the
 * reason; under `CODEFORGE_REQUIRE_SERVICES=1` it fails the run (see {@link requireService}).
 *
 * @example
 * const python = await requireCommand("python3");
 * describe.skipIf(!python.available)(`merged Python parses ${python.reason}`, () => { … });
 */
export function requireCommand(
  command: string,
  args: readonly string[] = ["--version"],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ServiceAvailability> {
  const invocation = [command, ...args].join(" ");
  return requireService(
    `${command} on PATH`,
    async () => {
      const run = spawnSync(command, args, { encoding: "utf8", timeout: 10_000 });
      if (run.error) throw run.error;
      if (run.status !== 0) {
        const output = run.stderr.trim() || run.stdout.trim();
        throw new Error(
          `\`${invocation}\` exited with ${run.status ?? run.signal}${output ? `: ${output}` : ""}; install ${command} or put it on PATH`,
        );
      }
    },
    env,
  );
}
