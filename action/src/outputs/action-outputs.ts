/**
 * What a run of the Action reports to later steps. Every field is optional: a task run sets
 * the task's, a benchmark run the pass rates; an unset field is not written.
 */
export interface ActionOutputs {
  status?: "completed" | "failed" | "skipped";
  taskId?: string;
  prUrl?: string;
  branch?: string;
  costUsd?: number;
  tokens?: number;
  passAt1?: number | null;
  passAt1Repair?: number | null;
  resultsFile?: string;
  diffFile?: string;
}

/** Each output's name in `action.yml` (kebab-case, as ARCHITECTURE.md's surface contract). */
export const ACTION_OUTPUT_NAMES: Readonly<Record<keyof ActionOutputs, string>> = {
  status: "status",
  taskId: "task-id",
  prUrl: "pr-url",
  branch: "branch",
  costUsd: "cost-usd",
  tokens: "tokens",
  passAt1: "pass-at-1",
  passAt1Repair: "pass-at-1-repair",
  resultsFile: "results-file",
  diffFile: "diff-file",
};

/** Writes one output (`core.setOutput` in the composition root). */
export type SetOutput = (name: string, value: string) => void;

function format(key: keyof ActionOutputs, value: unknown): string {
  if (key === "costUsd" && typeof value === "number") return value.toFixed(6);
  if ((key === "passAt1" || key === "passAt1Repair") && typeof value === "number") {
    return value.toFixed(4);
  }
  return String(value);
}

/**
 * Writes the outputs that are set, by their `action.yml` names, in a stable order. A pass
 * rate that does not exist (no problem finished) is written as an empty string, so an
 * expression such as `steps.bench.outputs.pass-at-1 != ''` can test for it.
 *
 * @example
 * writeOutputs({ status: "completed", costUsd: 0.0123 }, core.setOutput);
 * // status=completed, cost-usd=0.012300
 */
export function writeOutputs(outputs: ActionOutputs, setOutput: SetOutput): void {
  for (const key of Object.keys(ACTION_OUTPUT_NAMES) as (keyof ActionOutputs)[]) {
    if (!(key in outputs) || outputs[key] === undefined) continue;
    const value = outputs[key];
    setOutput(ACTION_OUTPUT_NAMES[key], value === null ? "" : format(key, value));
  }
}
