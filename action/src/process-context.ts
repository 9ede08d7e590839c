import * as core from "@actions/core";
import type { ActionContext } from "./action-io.js";

/**
 * The Action's context from the real process: `@actions/core` for inputs, outputs, masks,
 * log lines, groups and the job summary; the process environment; one abort signal from
 * SIGTERM and SIGINT (the runner's cancel). Only `main.ts` calls it.
 */
export function processActionContext(): ActionContext {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => controller.abort(new Error(`${signal} received`));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return {
    env: process.env,
    signal: controller.signal,
    io: {
      getInput: (name) => core.getInput(name),
      setOutput: (name, value) => core.setOutput(name, value),
      setSecret: (value) => core.setSecret(value),
      info: (message) => core.info(message),
      warning: (message) => core.warning(message),
      error: (message) => core.error(message),
      startGroup: (name) => core.startGroup(name),
      endGroup: () => core.endGroup(),
      appendSummary: async (markdown) => {
        // Outside a runner (no GITHUB_STEP_SUMMARY) there is nowhere to write it.
        if (!process.env.GITHUB_STEP_SUMMARY) return;
        await core.summary.addRaw(markdown, true).write();
      },
    },
  };
}
