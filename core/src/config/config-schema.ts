import { z } from "zod";
import { DEFAULT_BASELINE_MODEL, DEFAULT_ROUTING_MODELS } from "../task/default-models.js";

/** How a model is named in configuration: `provider/model`, e.g. `openai/gpt-4o-mini`. */
const ModelRefSchema = z
  .string({ message: "must look like provider/model, e.g. openai/gpt-4o-mini" })
  .regex(
    /^(openai|anthropic|ollama)\/.+$/,
    "must look like provider/model, e.g. openai/gpt-4o-mini",
  );

const UrlSchema = z.url({ message: "must be a URL such as http://127.0.0.1:11434" });

function range(min: number, max: number) {
  const message = `must be between ${min} and ${max}`;
  return z.number({ message }).min(min, message).max(max, message);
}

function intRange(min: number, max: number) {
  const message = `must be a whole number between ${min} and ${max}`;
  return z.number({ message }).int(message).min(min, message).max(max, message);
}

const flag = () => z.boolean({ message: "must be true or false" });

function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, { message: `must be one of ${values.join(", ")}` });
}

const text = () => z.string({ message: "must be a text" }).min(1, "must not be empty");

const positive = (what: string) =>
  z.number({ message: `must be a positive ${what}` }).positive(`must be a positive ${what}`);

/** Keys and endpoints of the three LLM providers. */
export const ProvidersConfigSchema = z.strictObject({
  openai: z
    .strictObject({
      apiKey: text().optional(),
      baseUrl: UrlSchema.optional(),
      organization: text().optional(),
    })
    .default({}),
  anthropic: z
    .strictObject({
      apiKey: text().optional(),
      baseUrl: UrlSchema.optional(),
    })
    .default({}),
  ollama: z
    .strictObject({
      host: UrlSchema.default("http://127.0.0.1:11434"),
    })
    .default({ host: "http://127.0.0.1:11434" }),
});

/** How calls to any provider behave. */
export const LlmConfigSchema = z.strictObject({
  /** Per-call timeout. */
  timeoutMs: intRange(1_000, 600_000).default(120_000),
  /** Retries after the first attempt on 408/409/429/5xx, timeouts and connection resets. */
  maxRetries: intRange(0, 10).default(3),
  temperature: range(0, 2).default(0.2),
  maxOutputTokens: intRange(64, 200_000).default(4_096),
});

/** Complexity thresholds and the model per tier. */
export const RoutingConfigSchema = z
  .strictObject({
    /** Scores below this are simple. */
    simpleThreshold: range(0, 1).default(0.3),
    /** Scores at or above this are hard; between the two, medium. */
    complexThreshold: range(0, 1).default(0.7),
    models: z
      .strictObject({
        simple: ModelRefSchema.default(DEFAULT_ROUTING_MODELS.simple),
        medium: ModelRefSchema.default(DEFAULT_ROUTING_MODELS.medium),
        hard: ModelRefSchema.default(DEFAULT_ROUTING_MODELS.hard),
      })
      .default({ ...DEFAULT_ROUTING_MODELS }),
    /** Ask a model to classify complexity, falling back to the heuristic on any error. */
    llmClassifier: flag().default(false),
    /** Savings are estimated against running every call on this model. */
    baselineModel: ModelRefSchema.default(DEFAULT_BASELINE_MODEL),
  })
  .refine((routing) => routing.simpleThreshold < routing.complexThreshold, {
    message: "simpleThreshold must be lower than complexThreshold",
    path: ["simpleThreshold"],
  });

/** One model's price in USD per million tokens. */
export const ModelPriceSchema = z.strictObject({
  inputPerMillion: z.number({ message: "must be a number, 0 or more" }).min(0, "must be 0 or more"),
  outputPerMillion: z
    .number({ message: "must be a number, 0 or more" })
    .min(0, "must be 0 or more"),
});

/** Prices that override or extend the built-in table, keyed by model name. */
export const PricingConfigSchema = z.strictObject({
  models: z.record(z.string(), ModelPriceSchema).default({}),
  /** Unknown models are priced like this one (after a warning). */
  defaultModel: text().default("gpt-4o-mini"),
});

/** The static guard's policy: block dangerous code, warn about it, or skip the check. */
export const GUARD_POLICIES = ["block", "warn", "off"] as const;

/** One of {@link GUARD_POLICIES}. */
export type GuardPolicy = (typeof GUARD_POLICIES)[number];

/** Limits of every sandboxed run. */
export const SandboxConfigSchema = z.strictObject({
  pythonImage: text().default("codeforge/sandbox-python:2"),
  nodeImage: text().default("codeforge/sandbox-node:2"),
  timeoutSeconds: range(5, 120).default(30),
  memoryMb: intRange(128, 2048).default(512),
  cpus: range(0.1, 16).default(1),
  pidsLimit: intRange(16, 4096).default(128),
  networkDisabled: flag().default(true),
  /** Bytes kept of each of stdout and stderr; the rest is dropped and the result says so. */
  outputLimitBytes: intRange(1_024, 64 * 1024 * 1024).default(1024 * 1024),
  /** Size of the writable /tmp inside the container. */
  tmpfsMb: intRange(8, 4096).default(64),
  guard: oneOf(GUARD_POLICIES).default("block"),
  /** Warm containers kept by the pool used for many short programs. */
  poolSize: intRange(1, 64).default(2),
});

/** How the pipeline repairs a failing program. */
export const RepairConfigSchema = z.strictObject({
  maxRetries: intRange(0, 10).default(3),
  /** A reviewer less confident than this at retry 2 or later ends the task early. */
  lowConfidenceThreshold: range(0, 1).default(0.3),
  /** Wait `backoffBaseSeconds * 2^(retry-1)` between repairs; 0 disables the wait. */
  backoffBaseSeconds: range(0, 60).default(1),
});

/** Per-task limits; a task that passes one fails cleanly. */
export const BudgetsConfigSchema = z.strictObject({
  maxCostUsd: positive("amount in USD").optional(),
  maxTokens: positive("whole number of tokens")
    .int("must be a positive whole number of tokens")
    .optional(),
  maxWallTimeSeconds: intRange(10, 86_400).default(900),
  /** A prompt or task file larger than this (UTF-8 bytes) is refused before any model call. */
  maxPromptBytes: intRange(1_024, 10 * 1024 * 1024).default(100 * 1024),
});

/** Where results are kept: a Postgres server, or the embedded PGlite data directory. */
export const StoreConfigSchema = z.strictObject({
  /** `postgres://…`; when set, the server is used instead of the embedded store. */
  databaseUrl: z
    .string({ message: "must be a postgres:// URL" })
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  /** The embedded store's directory, relative to the working directory. `memory://` keeps it in memory. */
  dataDir: text().default(".codeforge/pgdata"),
  /**
   * On a Postgres server shared by several workers, an unfinished task untouched this long is
   * taken for interrupted (its process died) when a store opens. Must exceed the per-task
   * wall-time budget, or live tasks would be failed. The embedded store marks every unfinished task.
   */
  interruptedAfterMinutes: intRange(1, 10_080).default(30),
});

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export const LOG_FORMATS = ["auto", "json", "pretty"] as const;

/** Logs, traces and metrics. */
export const TelemetryConfigSchema = z.strictObject({
  logLevel: oneOf(LOG_LEVELS).default("info"),
  /** `auto` is readable on a terminal and JSON elsewhere. */
  logFormat: oneOf(LOG_FORMATS).default("auto"),
  /** When set, traces and metrics are exported over OTLP/HTTP; otherwise telemetry is a no-op. */
  otlpEndpoint: UrlSchema.optional(),
  serviceName: text().default("codeforge"),
});

/** Repository tasks: how a repository is read, tested and what may change in it. */
export const RepositoryConfigSchema = z.strictObject({
  /** The command that runs the repository's tests, from its root; detected when unset. */
  testCommand: text().optional(),
  /**
   * A command that installs what the repository needs beyond the images (`pip install -e .`,
   * `npm ci`): run once per set of dependency files, with the network on, before the tests.
   */
  setup: text().optional(),
  /** Let changes touch `.github/workflows/` (the operator's choice; never a repository's). */
  allowWorkflowChanges: flag().default(false),
  /** Most files a repository snapshot lists. */
  maxFiles: intRange(1, 200_000).default(5_000),
  /** Most bytes of text a snapshot reads in all. */
  maxTotalBytes: intRange(64 * 1024, 1024 * 1024 * 1024).default(20 * 1024 * 1024),
  /** A file larger than this is listed but not read. */
  maxFileBytes: intRange(1_024, 16 * 1024 * 1024).default(256 * 1024),
  /** Tokens of the repo map the planner and coder see. */
  mapTokens: intRange(128, 16_384).default(1_024),
});

/** Benchmark datasets. */
export const BenchmarksConfigSchema = z.strictObject({
  /** Folder holding HumanEval.jsonl.gz, mbpp.jsonl, …; else a user cache directory. */
  dataDir: text().optional(),
});

/**
 * Everything CodeForge can be configured with. Sources, later wins: defaults →
 * environment → YAML file (`.github/codeforge.yml` for the App) → explicit overrides.
 */
export const ConfigSchema = z
  .strictObject({
    providers: ProvidersConfigSchema.default({
      openai: {},
      anthropic: {},
      ollama: { host: "http://127.0.0.1:11434" },
    }),
    llm: LlmConfigSchema.default(LlmConfigSchema.parse({})),
    routing: RoutingConfigSchema.default(RoutingConfigSchema.parse({})),
    pricing: PricingConfigSchema.default(PricingConfigSchema.parse({})),
    sandbox: SandboxConfigSchema.default(SandboxConfigSchema.parse({})),
    repair: RepairConfigSchema.default(RepairConfigSchema.parse({})),
    budgets: BudgetsConfigSchema.default(BudgetsConfigSchema.parse({})),
    store: StoreConfigSchema.default(StoreConfigSchema.parse({})),
    telemetry: TelemetryConfigSchema.default(TelemetryConfigSchema.parse({})),
    repository: RepositoryConfigSchema.default(RepositoryConfigSchema.parse({})),
    benchmarks: BenchmarksConfigSchema.default({}),
  })
  .refine(
    (config) => config.budgets.maxWallTimeSeconds < config.store.interruptedAfterMinutes * 60,
    {
      path: ["budgets", "maxWallTimeSeconds"],
      message:
        "must be shorter than store.interruptedAfterMinutes (CODEFORGE_STORE_INTERRUPTED_AFTER_MINUTES), or a task still running on another worker could be marked interrupted; raise that too",
    },
  );

/** The validated configuration. `loadConfig` returns it frozen. */
export type Config = z.infer<typeof ConfigSchema>;

/** What a YAML file or overrides may set: any part of the configuration. */
export type ConfigInput = z.input<typeof ConfigSchema>;
