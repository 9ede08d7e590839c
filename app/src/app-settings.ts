import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_BRANCH_TEMPLATE, DEFAULT_TRIGGER } from "@codeforge/github";
import { z } from "zod";

/** The App's own settings, read once from the environment at start-up. */
export interface AppSettings {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  /** GitHub's API: `https://api.github.com`, or `${GHE_PROTOCOL}://${GHE_HOST}/api/v3` on GHES. */
  baseUrl: string;
  trigger: string;
  branchTemplate: string;
  draft: boolean;
  progressIntervalMs: number;
  /** The embedded queue's folder (`start` only), or `memory://`. */
  queueDir: string;
  heartbeatSeconds: number;
  /** The operator's cap on one repository's task costs per UTC day; none when unset. */
  repositoryDailyBudgetUsd: number | undefined;
}

const flag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const EnvironmentSchema = z.object({
  APP_ID: z
    .string({
      error: "APP_ID is not set: set it to your GitHub App's id (its settings page shows it)",
    })
    .min(1),
  PRIVATE_KEY: z.string().optional(),
  PRIVATE_KEY_PATH: z.string().optional(),
  WEBHOOK_SECRET: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  GHE_HOST: z.string().optional(),
  GHE_PROTOCOL: z.enum(["https", "http"]).default("https"),
  CODEFORGE_APP_TRIGGER: z.string().min(2).default(DEFAULT_TRIGGER),
  CODEFORGE_APP_BRANCH_TEMPLATE: z.string().min(1).default(DEFAULT_BRANCH_TEMPLATE),
  CODEFORGE_APP_DRAFT: flag.default(false),
  CODEFORGE_APP_PROGRESS_INTERVAL_SECONDS: z.coerce.number().min(0).max(600).default(3),
  CODEFORGE_APP_QUEUE_DIR: z.string().optional(),
  CODEFORGE_APP_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).default(30),
  CODEFORGE_APP_REPOSITORY_DAILY_BUDGET_USD: z.coerce.number().positive().optional(),
});

/** A setting the App cannot start without, or one that is invalid. */
export class AppSettingsError extends Error {
  override name = "AppSettingsError";
}

/**
 * Reads the App's settings: Probot's variables (`APP_ID`, `PRIVATE_KEY` or `PRIVATE_KEY_PATH`,
 * `WEBHOOK_SECRET`, `PORT`, `HOST`, `GHE_HOST`, `GHE_PROTOCOL`) and `CODEFORGE_APP_*`. Empty
 * values count as unset. Every problem is reported at once.
 *
 * @param storeDataDir the store's embedded folder; the queue's default folder sits beside it.
 */
export function readAppSettings(
  env: Readonly<Record<string, string | undefined>>,
  options: { cwd: string; storeDataDir: string; needsWebhookSecret: boolean },
): AppSettings {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = EnvironmentSchema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join(".");
      problems.push(issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`);
    }
  }
  const values = parsed.success ? parsed.data : undefined;
  let privateKey = "";
  if (cleaned.PRIVATE_KEY) {
    privateKey = cleaned.PRIVATE_KEY.includes("-----BEGIN")
      ? cleaned.PRIVATE_KEY.replace(/\\n/g, "\n")
      : Buffer.from(cleaned.PRIVATE_KEY, "base64").toString("utf8");
  } else if (cleaned.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(path.resolve(options.cwd, cleaned.PRIVATE_KEY_PATH), "utf8");
    } catch (error) {
      problems.push(
        `PRIVATE_KEY_PATH: cannot read ${cleaned.PRIVATE_KEY_PATH} (${(error as Error).message}): point it at the .pem file GitHub gave you`,
      );
    }
  } else {
    problems.push(
      "PRIVATE_KEY or PRIVATE_KEY_PATH is not set: set one to your GitHub App's private key (the .pem file, or its text)",
    );
  }
  if (options.needsWebhookSecret && !cleaned.WEBHOOK_SECRET) {
    problems.push(
      "WEBHOOK_SECRET is not set: set it to the webhook secret of your GitHub App, so deliveries can be verified",
    );
  }
  if (problems.length > 0 || !values) {
    throw new AppSettingsError(
      `The App cannot start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
  const storeFolder =
    options.storeDataDir === "memory://"
      ? "memory://"
      : path.join(path.dirname(path.resolve(options.cwd, options.storeDataDir)), "queue");
  return {
    appId: values.APP_ID,
    privateKey,
    webhookSecret: values.WEBHOOK_SECRET ?? "",
    port: values.PORT,
    host: values.HOST,
    baseUrl: values.GHE_HOST
      ? `${values.GHE_PROTOCOL}://${values.GHE_HOST}/api/v3`
      : "https://api.github.com",
    trigger: values.CODEFORGE_APP_TRIGGER,
    branchTemplate: values.CODEFORGE_APP_BRANCH_TEMPLATE,
    draft: values.CODEFORGE_APP_DRAFT,
    progressIntervalMs: values.CODEFORGE_APP_PROGRESS_INTERVAL_SECONDS * 1000,
    queueDir: values.CODEFORGE_APP_QUEUE_DIR
      ? values.CODEFORGE_APP_QUEUE_DIR === "memory://"
        ? "memory://"
        : path.resolve(options.cwd, values.CODEFORGE_APP_QUEUE_DIR)
      : storeFolder,
    heartbeatSeconds: values.CODEFORGE_APP_HEARTBEAT_SECONDS,
    repositoryDailyBudgetUsd: values.CODEFORGE_APP_REPOSITORY_DAILY_BUDGET_USD,
  };
}
