import type { ActionInputName } from "./inputs/action-inputs.js";

/**
 * What the Action says to the runner: inputs, outputs, secrets to mask, log lines, log
 * groups and the job summary. The composition root backs it with `@actions/core`; tests
 * record it.
 */
export interface ActionIo {
  getInput(name: ActionInputName): string;
  setOutput(name: string, value: string): void;
  /** Masks a value in every later log line (`::add-mask::`). */
  setSecret(value: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  startGroup(name: string): void;
  endGroup(): void;
  /** Appends Markdown to the job summary (`GITHUB_STEP_SUMMARY`). */
  appendSummary(markdown: string): Promise<void>;
}

/**
 * What a run of the Action receives besides its parts: the runner's environment, where to
 * talk to it, and one abort signal (the runner's SIGTERM on cancel).
 */
export interface ActionContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly io: ActionIo;
  readonly signal: AbortSignal;
}
