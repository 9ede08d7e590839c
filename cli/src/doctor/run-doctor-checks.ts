import type { HealthCheckResult } from "@codeforge/core";

/** One `doctor` check: resolves to one result, or several (one per provider, say). */
export interface DoctorCheck {
  /** What the check is about, used to name its result when it throws instead of answering. */
  name: string;
  /** Whether a failure of this check fails `doctor` when the check itself throws. */
  required: boolean;
  run: () => Promise<HealthCheckResult | readonly HealthCheckResult[]>;
}

/**
 * Runs every check concurrently and returns their results in the order of the checks. A
 * check that throws becomes a failed result carrying the error's message, so one broken
 * check never hides the others.
 */
export async function runDoctorChecks(
  checks: readonly DoctorCheck[],
  now: () => number = () => performance.now(),
): Promise<HealthCheckResult[]> {
  const settled = await Promise.all(
    checks.map(async (check): Promise<HealthCheckResult[]> => {
      const started = now();
      try {
        const answer = await check.run();
        const results: readonly HealthCheckResult[] = Array.isArray(answer)
          ? answer
          : [answer as HealthCheckResult];
        const elapsed = Math.round(now() - started);
        return results.map((result) => ({ ...result, durationMs: result.durationMs ?? elapsed }));
      } catch (error) {
        return [
          {
            name: check.name,
            ok: false,
            required: check.required,
            detail: error instanceof Error ? error.message : String(error),
            durationMs: Math.round(now() - started),
          },
        ];
      }
    }),
  );
  return settled.flat();
}

/** Whether every required check passed. */
export function doctorPassed(results: readonly HealthCheckResult[]): boolean {
  return results.every((result) => result.ok || !result.required);
}
