import type { ExecutionResult, GuardPolicy, Language } from "@codeforge/core";
import { guardCode } from "./guard-code.js";

/** Where {@link screenProgram} reports a program it lets run despite a finding. */
export interface GuardWarningSink {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Applies the configured guard policy to a program before any executor runs it: under
 * `block` a flagged program is not run and the returned result says why; under `warn` the
 * findings are logged and `undefined` says "run it"; `off` skips the scan.
 */
export function screenProgram(
  policy: GuardPolicy,
  language: Language,
  code: string,
  logger?: GuardWarningSink,
): ExecutionResult | undefined {
  if (policy === "off") return undefined;
  const verdict = guardCode(language, code);
  if (!verdict.blocked) return undefined;
  if (policy === "warn") {
    logger?.warn(
      { reasons: verdict.reasons },
      "the static guard flagged this program; running it because sandbox.guard is warn",
    );
    return undefined;
  }
  return {
    exitCode: null,
    stdout: "",
    stderr: "",
    timedOut: false,
    oomKilled: false,
    durationMs: 0,
    truncated: false,
    blocked: true,
    blockReason: `Blocked by the static guard: ${verdict.reasons.join("; ")}`,
  };
}
