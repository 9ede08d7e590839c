import { isAbsolute, resolve } from "node:path";
import {
  type Config,
  createLogger,
  createReplayModel,
  createSecretRedactor,
  DEFAULT_TIER_MODELS,
  type Logger,
  type SecretRedactor,
  secretsOf,
} from "@codeforge/core";
import type { ActionContext } from "./action-io.js";
import type { ActionParts, ModelChoice } from "./action-parts.js";
import { runBenchmarkMode } from "./benchmark/run-benchmark-mode.js";
import { type ActionInputs, parseActionInputs, SECRET_INPUTS } from "./inputs/action-inputs.js";
import { loadActionConfig } from "./load-action-config.js";
import type { ModeOutcome } from "./mode-outcome.js";
import { writeOutputs } from "./outputs/action-outputs.js";
import { runTaskMode } from "./task/run-task-mode.js";

function pinnedModel(inputs: ActionInputs): ModelChoice | undefined {
  const { provider, model } = inputs;
  if (provider === undefined && model === undefined) return undefined;
  if (model?.includes("/")) {
    const slash = model.indexOf("/");
    const named = model.slice(0, slash) as ModelChoice["provider"];
    return { provider: provider ?? named, model: model.slice(slash + 1) };
  }
  // Only a provider: its medium-tier default, as the CLI's --provider alone.
  const chosen = provider ?? "openai";
  return { provider: chosen, model: model ?? DEFAULT_TIER_MODELS[chosen].medium };
}

/**
 * With `replay-cassette`, the model answers from a cassette file (`replay`, never a
 * provider call: deterministic CI runs) or records the pinned model's answers into it.
 */
function replayParts(parts: ActionParts, inputs: ActionInputs, workspace: string): ActionParts {
  const cassette = inputs["replay-cassette"];
  const pinned = pinnedModel(inputs);
  if (cassette === undefined || pinned === undefined) return parts;
  const cassettePath = isAbsolute(cassette) ? cassette : resolve(workspace, cassette);
  const id = `${pinned.provider}/${pinned.model}`;
  return {
    ...parts,
    async models(config, logger, choice) {
      if (inputs["replay-mode"] === "replay") {
        return { model: createReplayModel({ mode: "replay", cassettePath, id }) };
      }
      const inner = await parts.models(config, logger, choice);
      if (!("model" in inner)) return inner;
      return { model: createReplayModel({ mode: "record", cassettePath, inner: inner.model }) };
    },
  };
}

function actionLogger(
  context: ActionContext,
  config: Readonly<Config>,
  secrets: readonly string[],
): Logger {
  const redact = createSecretRedactor(secrets);
  return createLogger({
    level: config.telemetry.logLevel,
    // Log lines land in the runner's log, which reads better than JSON lines.
    format: config.telemetry.logFormat === "auto" ? "pretty" : config.telemetry.logFormat,
    destination: { write: (text) => context.io.info(redact(text.trimEnd())) },
    secrets,
    bindings: { component: "action" },
  });
}

/**
 * Runs the Action once and returns the process exit code: 0 when the Action did its work
 * (an honest task failure is `status: failed` with 0, unless `fail-on-task-failure`), 1 when
 * it could not (invalid inputs, no Docker, no provider). The secret inputs are registered
 * with the runner before anything is read or logged; every message that leaves is redacted;
 * the job summary is written on failure too, with the reason.
 *
 * @example
 * process.exitCode = await runAction(processActionContext(), createActionParts(assets));
 */
export async function runAction(context: ActionContext, parts: ActionParts): Promise<number> {
  const { io } = context;
  const secrets: string[] = [];
  for (const name of SECRET_INPUTS) {
    const value = io.getInput(name).trim();
    if (value === "") continue;
    io.setSecret(value);
    secrets.push(value);
  }
  let redact: SecretRedactor = createSecretRedactor(secrets);
  const workspace = context.env.GITHUB_WORKSPACE ?? process.cwd();
  try {
    const inputs = parseActionInputs((name) => io.getInput(name));
    const config = loadActionConfig(context.env, inputs, {
      ...(inputs.mode === "task" ? { repositoryRoot: workspace } : {}),
    });
    for (const secret of secretsOf(config)) {
      if (secrets.includes(secret)) continue;
      io.setSecret(secret);
      secrets.push(secret);
    }
    redact = createSecretRedactor(secrets);
    const logger = actionLogger(context, config, secrets);
    const options = {
      context,
      parts: replayParts(parts, inputs, workspace),
      config,
      logger,
      inputs,
      pinned: pinnedModel(inputs),
      workspace,
    };
    const outcome: ModeOutcome =
      inputs.mode === "benchmark" ? await runBenchmarkMode(options) : await runTaskMode(options);
    writeOutputs(outcome.outputs, (name, value) => io.setOutput(name, redact(value)));
    await io.appendSummary(redact(outcome.summary));
    return outcome.exitCode;
  } catch (error) {
    const message = redact(error instanceof Error ? error.message : String(error));
    io.error(message);
    io.setOutput("status", "failed");
    await io.appendSummary(`## CodeForge\n\n**The action could not run.**\n\n${message}\n`);
    return 1;
  }
}
