/** Languages the sandbox can run. */
export const LANGUAGES = ["python", "node"] as const;

export type Language = (typeof LANGUAGES)[number];

/** Which stream a chunk of program output came from. */
export type OutputStream = "stdout" | "stderr";

/** What to run, and under which limits. Limits left out come from configuration. */
export interface ExecutionSpec {
  language: Language;
  /** The program's source. */
  code: string;
  /** Extra files placed beside the program, by relative path. */
  files?: Readonly<Record<string, string>>;
  /**
   * What the static guard screens instead of `code`, when `code` is CodeForge's own runner
   * and the untrusted program travels in `files` (a test run): the program and its tests.
   */
  guardedSource?: string;
  /** Standard input. When absent the program reads EOF at once. */
  stdin?: string;
  timeoutMs?: number;
  memoryMb?: number;
  cpus?: number;
  /** Aborting stops the program and removes its container. */
  signal?: AbortSignal;
  /** Called with output as it streams, for live progress. */
  onOutput?: (stream: OutputStream, chunk: string) => void;
}

/**
 * What happened when a program ran. A program that fails, times out or is killed is a
 * result like any other; only faults of the sandbox itself throw (`SandboxError`).
 */
export interface ExecutionResult {
  /** The program's exit code; null when it never ran (blocked) or was killed before it exited. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  oomKilled: boolean;
  durationMs: number;
  /** True when stdout or stderr passed the output cap and was cut. */
  truncated: boolean;
  /** The container (or pool worker) that ran it. */
  containerId?: string;
  /** Peak memory in bytes, when the engine reports it. */
  peakMemoryBytes?: number;
  /** True when the static guard refused to run the code. */
  blocked?: boolean;
  blockReason?: string;
}

/**
 * Runs untrusted code in isolation. The Docker sandbox implements it; tests use a fake
 * with scripted results.
 *
 * @example
 * const result = await executor.run({ language: "python", code: "print(1 + 1)" });
 * result.exitCode === 0 && result.stdout === "2\n";
 */
export interface Executor {
  run(spec: ExecutionSpec): Promise<ExecutionResult>;
}

/** Whether a result counts as a successful run. */
export function executionSucceeded(result: ExecutionResult): boolean {
  return result.exitCode === 0 && !result.timedOut && !result.oomKilled && !result.blocked;
}
