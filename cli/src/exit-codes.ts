/** The exit codes every `codeforge` command uses. */
export const EXIT_CODES = {
  /** The command did what was asked. */
  success: 0,
  /** The work failed: a task failed, a check failed, the infrastructure broke. */
  failure: 1,
  /** Bad usage or configuration: fix the command line or the settings and run again. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
