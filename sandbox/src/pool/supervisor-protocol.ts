/** One job as the supervisor reads it: a JSON line on its stdin. */
export interface SupervisorJob {
  id: string;
  code: string;
  files?: Readonly<Record<string, string>>;
  stdin?: string;
  timeoutMs: number;
  /** RLIMIT_CPU, seconds. */
  cpuSeconds: number;
  /** RLIMIT_AS, bytes. */
  memoryBytes: number;
  /** RLIMIT_NPROC. */
  maxProcesses: number;
  /** RLIMIT_FSIZE, bytes. */
  fileSizeBytes: number;
  /** Bytes kept of each of stdout and stderr. */
  outputLimitBytes: number;
}

/** The supervisor's answer to a job: the program's result, or the fault that stopped the job. */
export interface SupervisorReply {
  id: string | null;
  exitCode?: number | null;
  stdout?: string;
  stderr?: string;
  timedOut?: boolean;
  oomKilled?: boolean;
  durationMs?: number;
  truncated?: boolean;
  peakMemoryBytes?: number | null;
  /** Set when the supervisor itself failed to run the job (it could not fork, say). */
  error?: string;
}

/** The first line a supervisor writes once it is ready for jobs. */
export interface SupervisorReady {
  ready: true;
  protocol: number;
  pid: number;
}

/**
 * Written after a job's answer when the supervisor could not bring its container back to
 * the state the first job saw; it exits next, without reading another job.
 */
export interface SupervisorRetired {
  retired: string;
}

/** The protocol version this host speaks; supervisor.py's PROTOCOL_VERSION. */
export const SUPERVISOR_PROTOCOL_VERSION = 2;

/**
 * Parses one line the supervisor wrote. Returns undefined for a line that is not a
 * message of the protocol, so the caller can treat the worker as broken.
 */
export function parseSupervisorLine(
  line: string,
): SupervisorReady | SupervisorRetired | SupervisorReply | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.ready === true) {
    return typeof record.protocol === "number" && typeof record.pid === "number"
      ? (record as unknown as SupervisorReady)
      : undefined;
  }
  if (typeof record.retired === "string") return { retired: record.retired };
  if (!(typeof record.id === "string" || record.id === null)) return undefined;
  if (typeof record.error === "string") return record as unknown as SupervisorReply;
  const valid =
    (typeof record.exitCode === "number" || record.exitCode === null) &&
    typeof record.stdout === "string" &&
    typeof record.stderr === "string" &&
    typeof record.timedOut === "boolean" &&
    typeof record.oomKilled === "boolean" &&
    typeof record.durationMs === "number" &&
    typeof record.truncated === "boolean";
  return valid ? (record as unknown as SupervisorReply) : undefined;
}
