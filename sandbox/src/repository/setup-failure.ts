import { SandboxError } from "@codeforge/core";
import type { RegistryProbe } from "./registry-probe.js";
import type { ContainerExit } from "./run-to-exit.js";

/** Characters of a failed setup's output quoted in its error. */
const QUOTED_OUTPUT_CHARS = 2_000;

/** What {@link setupFailure} words. */
export interface SetupFailureInput {
  command: string;
  /** The base image setup ran in. */
  image: string;
  exit: ContainerExit;
  timeoutMs: number;
  /** The registry probe run after the failure; none after a timeout. */
  probe: RegistryProbe | undefined;
}

/**
 * The error of a setup that did not succeed (`setup_failed`): the command, how it ended,
 * what to do — that the engine cannot reach the package registry when the probe showed it —
 * and its last output (stderr, else stdout), cut to its last 2,000 characters.
 */
export function setupFailure(input: SetupFailureInput): SandboxError {
  const { exit, image, probe } = input;
  const named = `repository.setup \`${input.command}\``;
  const output = tail(exit.stderr.trim() || exit.stdout.trim());
  const quoted = output === "" ? " It printed nothing." : ` Its last output:\n${output}`;
  let message: string;
  if (exit.timedOut) {
    message = `${named} did not finish within ${Math.round(input.timeoutMs / 1000)} s in ${image}: make it install less, or bake the dependencies into the sandbox image.${quoted}`;
  } else if (probe?.status === "unreachable") {
    message = `${named} failed (exit ${exit.exitCode}) in ${image}: the sandbox's engine could not reach the package registry (${probe.registry}: ${probe.detail}). Setup runs with the network on: let the Docker engine's containers reach ${probe.registry} (or a mirror the command names), or leave repository.setup unset and use what the sandbox images carry.${quoted}`;
  } else {
    message = `${named} failed (exit ${exit.exitCode}) in ${image}: fix the command (repository.setup in .github/codeforge.yml, or CODEFORGE_REPOSITORY_SETUP), or leave it unset.${quoted}`;
  }
  return new SandboxError(message, { code: "setup_failed" });
}

/** The end of a long output, from a line's start. */
function tail(text: string): string {
  if (text.length <= QUOTED_OUTPUT_CHARS) return text;
  const end = text.slice(-QUOTED_OUTPUT_CHARS);
  const lineStart = end.indexOf("\n");
  return `…\n${lineStart === -1 ? end : end.slice(lineStart + 1)}`;
}
