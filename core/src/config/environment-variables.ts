/** One environment variable that sets one configuration setting. */
export interface EnvironmentVariable {
  /** The variable's name, e.g. `CODEFORGE_SANDBOX_TIMEOUT_SECONDS`. */
  readonly name: string;
  /** The setting it sets: a dotted path of the configuration schema. */
  readonly path: string;
  /** One line for `.env.example` and the docs. */
  readonly description: string;
  /** Its value must never be shown (error messages, `config show`, logs). */
  readonly secret: boolean;
  /** What it accepts, where the schema's own wording is too generic (a URL's example). */
  readonly allowed?: string;
  /**
   * Other names read when `name` is unset, e.g. `LOG_LEVEL` for `CODEFORGE_LOG_LEVEL`: the
   * conventional variable most tools read. `name` wins when both are set.
   */
  readonly aliases?: readonly string[];
}

interface SettingSpec {
  readonly path: string;
  readonly description: string;
  /** A conventional name (`OPENAI_API_KEY`) instead of the derived `CODEFORGE_<SECTION>_<KEY>`. */
  readonly name?: string;
  readonly secret?: boolean;
  readonly allowed?: string;
  readonly aliases?: readonly string[];
}

/** The one list the variable table is derived from: every setting a variable can set. */
const SETTINGS: readonly SettingSpec[] = [
  {
    path: "providers.openai.apiKey",
    name: "OPENAI_API_KEY",
    secret: true,
    description: "OpenAI API key; enables the openai provider",
  },
  {
    path: "providers.openai.baseUrl",
    name: "OPENAI_BASE_URL",
    allowed: "a URL such as https://api.openai.com/v1",
    description: "OpenAI-compatible endpoint instead of api.openai.com",
  },
  {
    path: "providers.openai.organization",
    name: "OPENAI_ORG_ID",
    description: "OpenAI organization id sent with each request",
  },
  {
    path: "providers.anthropic.apiKey",
    name: "ANTHROPIC_API_KEY",
    secret: true,
    description: "Anthropic API key; enables the anthropic provider",
  },
  {
    path: "providers.anthropic.baseUrl",
    name: "ANTHROPIC_BASE_URL",
    allowed: "a URL such as https://api.anthropic.com",
    description: "Anthropic endpoint instead of api.anthropic.com",
  },
  {
    path: "providers.ollama.host",
    name: "OLLAMA_HOST",
    description: "Ollama server; host:port without a scheme means http://",
  },
  { path: "llm.timeoutMs", description: "Timeout of one LLM call in milliseconds" },
  { path: "llm.maxRetries", description: "Retries of an LLM call on 429/5xx/timeouts" },
  { path: "llm.temperature", description: "Sampling temperature of every LLM call" },
  { path: "llm.maxOutputTokens", description: "Upper limit of output tokens per LLM call" },
  { path: "routing.simpleThreshold", description: "Complexity score below which a task is simple" },
  {
    path: "routing.complexThreshold",
    description: "Complexity score at or above which a task is hard",
  },
  {
    path: "routing.models.simple",
    name: "CODEFORGE_ROUTING_SIMPLE_MODEL",
    description: "Model for simple tasks, as provider/model",
  },
  {
    path: "routing.models.medium",
    name: "CODEFORGE_ROUTING_MEDIUM_MODEL",
    description: "Model for medium tasks, as provider/model",
  },
  {
    path: "routing.models.hard",
    name: "CODEFORGE_ROUTING_HARD_MODEL",
    description: "Model for hard tasks, as provider/model",
  },
  {
    path: "routing.llmClassifier",
    description: "Classify complexity with a model (heuristic fallback)",
  },
  {
    path: "routing.baselineModel",
    description: "Model that savings are estimated against, as provider/model",
  },
  { path: "pricing.defaultModel", description: "Model whose price applies to unknown models" },
  { path: "sandbox.pythonImage", description: "Docker image for Python programs" },
  { path: "sandbox.nodeImage", description: "Docker image for JavaScript programs" },
  { path: "sandbox.timeoutSeconds", description: "Wall-clock limit of one sandbox run" },
  { path: "sandbox.memoryMb", description: "Memory limit of one sandbox container (no swap)" },
  { path: "sandbox.cpus", description: "CPUs of one sandbox container" },
  { path: "sandbox.pidsLimit", description: "Process limit of one sandbox container" },
  { path: "sandbox.networkDisabled", description: "Run sandbox containers without a network" },
  {
    path: "sandbox.outputLimitBytes",
    description: "Bytes kept of each of stdout and stderr",
  },
  { path: "sandbox.tmpfsMb", description: "Size of the writable /tmp in the sandbox" },
  { path: "sandbox.guard", description: "Static guard policy for dangerous code" },
  { path: "sandbox.poolSize", description: "Warm containers in the benchmark pool" },
  { path: "repair.maxRetries", description: "Repair attempts after the first failing run" },
  {
    path: "repair.lowConfidenceThreshold",
    description: "Stop early when the reviewer is less confident than this (retry 2+)",
  },
  {
    path: "repair.backoffBaseSeconds",
    description: "Base of the 2^(retry-1) wait between repairs; 0 disables it",
  },
  { path: "budgets.maxCostUsd", description: "Per-task cost limit in USD (none when unset)" },
  { path: "budgets.maxTokens", description: "Per-task token limit (none when unset)" },
  { path: "budgets.maxWallTimeSeconds", description: "Per-task wall-clock limit in seconds" },
  {
    path: "budgets.maxPromptBytes",
    name: "CODEFORGE_MAX_PROMPT_BYTES",
    description:
      "Largest prompt or task file in bytes; a larger one is refused before any model call",
  },
  {
    path: "store.databaseUrl",
    name: "DATABASE_URL",
    secret: true,
    description: "Postgres server URL; unset uses the embedded store",
  },
  {
    path: "store.dataDir",
    description: "Embedded store directory (memory:// keeps it in memory)",
  },
  {
    path: "store.interruptedAfterMinutes",
    description: "On a shared server, unfinished tasks untouched this long are marked interrupted",
  },
  {
    path: "telemetry.logLevel",
    name: "CODEFORGE_LOG_LEVEL",
    aliases: ["LOG_LEVEL"],
    description: "Log level",
  },
  {
    path: "telemetry.logFormat",
    name: "CODEFORGE_LOG_FORMAT",
    description: "Log format; auto is readable on a terminal, JSON elsewhere",
  },
  {
    path: "telemetry.otlpEndpoint",
    name: "OTEL_EXPORTER_OTLP_ENDPOINT",
    allowed: "a URL such as http://127.0.0.1:4318",
    description: "OTLP/HTTP endpoint for traces and metrics; unset disables telemetry",
  },
  {
    path: "telemetry.serviceName",
    name: "OTEL_SERVICE_NAME",
    description: "Service name on exported traces and metrics",
  },
  {
    path: "repository.testCommand",
    description: "Command that runs a repository's tests (detected when unset)",
  },
  {
    path: "repository.setup",
    description:
      "Command that installs a repository's dependencies once, network on, before its tests (e.g. pip install -e .)",
  },
  {
    path: "repository.allowWorkflowChanges",
    description: "Let repository tasks change .github/workflows/ (off by default)",
  },
  { path: "repository.maxFiles", description: "Most files a repository snapshot lists" },
  {
    path: "repository.maxTotalBytes",
    description: "Most bytes of text a repository snapshot reads",
  },
  {
    path: "repository.maxFileBytes",
    description: "Repository files larger than this are listed but not read",
  },
  { path: "repository.mapTokens", description: "Token budget of the repo map the agents see" },
  {
    path: "benchmarks.dataDir",
    name: "CODEFORGE_DATA_DIR",
    description: "Folder with benchmark datasets (HumanEval.jsonl.gz, mbpp.jsonl, ...)",
  },
];

/** `sandbox.timeoutSeconds` → `CODEFORGE_SANDBOX_TIMEOUT_SECONDS`. */
export function variableNameFor(path: string): string {
  const snake = path
    .split(".")
    .map((segment) => segment.replace(/([a-z0-9])([A-Z])/g, "$1_$2"))
    .join("_")
    .toUpperCase();
  return `CODEFORGE_${snake}`;
}

/**
 * Every environment variable that sets a configuration setting, in schema order. Derived
 * from one list; a test checks each one names a real setting and that every setting has one.
 */
export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = Object.freeze(
  SETTINGS.map((spec) =>
    Object.freeze({
      name: spec.name ?? variableNameFor(spec.path),
      path: spec.path,
      description: spec.description,
      secret: spec.secret ?? false,
      ...(spec.allowed ? { allowed: spec.allowed } : {}),
      ...(spec.aliases ? { aliases: Object.freeze([...spec.aliases]) } : {}),
    }),
  ),
);

/** The variable that names a configuration file for the CLI (not itself a setting). */
export const CONFIG_FILE_VARIABLE = "CODEFORGE_CONFIG";

/**
 * A variable read outside the configuration: by the CLI itself, a library CodeForge uses,
 * the test suites or a build script. Documented with the settings, but `loadConfig` ignores it.
 */
export interface ExtraEnvironmentVariable {
  readonly name: string;
  /** Who reads it, e.g. "dockerode", "tests". */
  readonly readBy: string;
  /** One line for `.env.example` and the docs. */
  readonly description: string;
  readonly allowed: string;
  /** What applies when it is unset; empty when nothing does. */
  readonly defaultValue: string;
}

/**
 * Every variable CodeForge or a library it uses reads that is not a setting, so the docs
 * and `.env.example` list all of them and `config check` does not take one for a typo.
 */
export const EXTRA_ENVIRONMENT_VARIABLES: readonly ExtraEnvironmentVariable[] = Object.freeze(
  [
    {
      name: CONFIG_FILE_VARIABLE,
      readBy: "the CLI",
      description:
        "YAML configuration file for the CLI (else codeforge.yml or .github/codeforge.yml)",
      allowed: "a file path",
      defaultValue: "",
    },
    {
      name: "NO_COLOR",
      readBy: "the CLI",
      description: "Any value turns off colour in doctor's output",
      allowed: "any value",
      defaultValue: "",
    },
    {
      name: "DOCKER_HOST",
      readBy: "dockerode",
      description: "Docker engine the sandbox uses (also the docker CLI's in the image scripts)",
      allowed: "unix:///path, tcp://host:port or ssh://user@host",
      defaultValue: "unix:///var/run/docker.sock",
    },
    {
      name: "DOCKER_TLS_VERIFY",
      readBy: "dockerode",
      description: "1 talks HTTPS to a tcp:// DOCKER_HOST (port 2376 always does)",
      allowed: "1 or unset",
      defaultValue: "",
    },
    {
      name: "DOCKER_CERT_PATH",
      readBy: "dockerode",
      description: "Folder with ca.pem, cert.pem and key.pem for a TLS DOCKER_HOST",
      allowed: "a folder path",
      defaultValue: "",
    },
    {
      name: "XDG_CACHE_HOME",
      readBy: "the benchmarks",
      description: "Cache root; downloaded datasets go to its codeforge/datasets",
      allowed: "a folder path",
      defaultValue: "~/.cache",
    },
    {
      name: "CODEFORGE_BENCH_PYTHON",
      readBy: "the benchmarks",
      description: "Python interpreter of bench:eval's unsandboxed speed baseline",
      allowed: "an executable path",
      defaultValue: "/usr/bin/python3, else python3 on PATH",
    },
    {
      name: "CODEFORGE_BENCH_DATABASE_URL",
      readBy: "the benchmarks",
      description: "Postgres server npm run bench:app queues on (else CODEFORGE_TEST_DATABASE_URL)",
      allowed: "a postgres:// URL",
      defaultValue: "",
    },
    {
      name: "CODEFORGE_DEBIAN_MIRROR",
      readBy: "the sandbox image build",
      description: "Debian mirror the offline sandbox image build installs from",
      allowed: "a URL such as http://deb.debian.org/debian",
      defaultValue: "http://deb.debian.org/debian",
    },
    {
      name: "CODEFORGE_DEBIAN_SECURITY",
      readBy: "the sandbox image build",
      description: "Debian security mirror of the offline image build; none leaves it out",
      allowed: "a URL such as http://deb.debian.org/debian-security, or none",
      defaultValue: "http://deb.debian.org/debian-security",
    },
    {
      name: "APP_ID",
      readBy: "the GitHub App",
      description: "The GitHub App's id (its settings page shows it); required by codeforge-app",
      allowed: "a number",
      defaultValue: "",
    },
    {
      name: "PRIVATE_KEY",
      readBy: "the GitHub App",
      description: "The App's private key: the PEM text, or it base64-encoded",
      allowed: "PEM text or base64",
      defaultValue: "",
    },
    {
      name: "PRIVATE_KEY_PATH",
      readBy: "the GitHub App",
      description: "The App's private key file, when PRIVATE_KEY is unset",
      allowed: "a file path",
      defaultValue: "",
    },
    {
      name: "WEBHOOK_SECRET",
      readBy: "the GitHub App",
      description: "Verifies webhook deliveries; required by codeforge-app start and server",
      allowed: "a text",
      defaultValue: "",
    },
    {
      name: "PORT",
      readBy: "the GitHub App",
      description: "Port of the App's webhook server",
      allowed: "a port number",
      defaultValue: "3000",
    },
    {
      name: "HOST",
      readBy: "the GitHub App",
      description: "Address the App's webhook server listens on",
      allowed: "an address",
      defaultValue: "0.0.0.0",
    },
    {
      name: "GHE_HOST",
      readBy: "the GitHub App",
      description:
        "GitHub Enterprise Server host; the API is then <GHE_PROTOCOL>://<GHE_HOST>/api/v3",
      allowed: "a host name",
      defaultValue: "",
    },
    {
      name: "GHE_PROTOCOL",
      readBy: "the GitHub App",
      description: "Protocol of GHE_HOST",
      allowed: "https or http",
      defaultValue: "https",
    },
    {
      name: "CODEFORGE_APP_TRIGGER",
      readBy: "the GitHub App",
      description: "The word that starts a command in a comment",
      allowed: "a text",
      defaultValue: "/codeforge",
    },
    {
      name: "CODEFORGE_APP_BRANCH_TEMPLATE",
      readBy: "the GitHub App",
      description: "Names of the App's branches, with {number} and {slug}",
      allowed: "a text",
      defaultValue: "codeforge/issue-{number}-{slug}",
    },
    {
      name: "CODEFORGE_APP_DRAFT",
      readBy: "the GitHub App",
      description: "Open the App's pull requests as drafts",
      allowed: "true or false",
      defaultValue: "false",
    },
    {
      name: "CODEFORGE_APP_PROGRESS_INTERVAL_SECONDS",
      readBy: "the GitHub App",
      description: "Least time between two edits of the progress comment",
      allowed: "between 0 and 600",
      defaultValue: "3",
    },
    {
      name: "CODEFORGE_APP_QUEUE_DIR",
      readBy: "the GitHub App",
      description: "Folder of the embedded job queue of codeforge-app start, or memory://",
      allowed: "a folder path",
      defaultValue: "queue beside the store's folder",
    },
    {
      name: "CODEFORGE_APP_HEARTBEAT_SECONDS",
      readBy: "the GitHub App",
      description: "A worker silent this long loses its job to another",
      allowed: "a whole number between 10 and 3600",
      defaultValue: "30",
    },
    {
      name: "CODEFORGE_APP_REPOSITORY_DAILY_BUDGET_USD",
      readBy: "the GitHub App",
      description:
        "Most one repository's App tasks may cost per UTC day; a task gets at most what is left",
      allowed: "an amount in USD",
      defaultValue: "no cap",
    },
    {
      name: "CODEFORGE_TEST_DATABASE_URL",
      readBy: "the tests",
      description: "Postgres server the *.int.test.ts store suites run against",
      allowed: "a postgres:// URL",
      defaultValue: "",
    },
    {
      name: "CODEFORGE_REQUIRE_SERVICES",
      readBy: "the tests",
      description: "1 makes a suite whose service (Docker, Postgres) is missing fail, not skip",
      allowed: "1 or unset",
      defaultValue: "",
    },
    {
      name: "CODEFORGE_WRITE_CONFIG_DOCS",
      readBy: "the tests",
      description: "1 regenerates .env.example and this table instead of checking them",
      allowed: "1 or unset",
      defaultValue: "",
    },
  ].map((variable) => Object.freeze(variable)),
);
