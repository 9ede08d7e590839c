/**
 * The outcome of one `codeforge doctor` check: whether it passed, what was found, and
 * when it failed, what to do about it.
 */
export interface HealthCheckResult {
  /** What was checked, e.g. "Docker engine". */
  name: string;
  ok: boolean;
  /** What was found: a version, a latency, the error. */
  detail: string;
  /** What to do when the check failed, e.g. "start Docker or set DOCKER_HOST". */
  fix?: string;
  /** A failed required check makes `doctor` exit non-zero; an optional one only warns. */
  required: boolean;
  durationMs?: number;
}
