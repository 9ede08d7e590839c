/**
 * A container command that stops itself at `limitMs`: coreutils' `timeout` runs `command`
 * as pid 1's child and kills it with SIGKILL at the limit, so the container stops by itself
 * even when the process that started it died (kill -9, a lost connection) and nobody is
 * left to kill it. Hosts kill at their own, shorter timeout first; this is the backstop.
 *
 * @example
 * withOwnTimeLimit(["sh", "-c", script], 35_000); // ["timeout", "-s", "KILL", "35.000", "sh", "-c", script]
 */
export function withOwnTimeLimit(command: readonly string[], limitMs: number): string[] {
  if (!(limitMs > 0)) {
    throw new RangeError(`a container's own time limit must be positive, not ${limitMs}`);
  }
  const seconds = (Math.ceil(limitMs) / 1000).toFixed(3);
  return ["timeout", "-s", "KILL", seconds, ...command];
}
