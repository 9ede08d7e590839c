import {
  type Config,
  ConfigError,
  createLogger,
  type Logger,
  loadConfig,
  openStore,
  type Store,
  secretsOf,
} from "@codeforge/core";
import { Probot, ProbotOctokit } from "probot";
import { createPipelineParts, type PipelineParts } from "./app-parts.js";
import { type AppSettings, AppSettingsError, readAppSettings } from "./app-settings.js";
import { openQueueDatabase, type QueueDatabase } from "./queue/open-queue-database.js";
import { createTaskQueue, DEFAULT_QUEUE_TIMINGS } from "./queue/task-queue.js";
import { type AppServer, createAppServer } from "./server/create-app-server.js";
import { createRepositorySpend } from "./worker/repository-spend.js";
import { type InstallationClient, reportInterrupted, runJob } from "./worker/run-job.js";

/** The process the App runs in: its environment, folder, error stream and stop signal. */
export interface AppContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stderr: NodeJS.WritableStream;
  /** Aborted on SIGTERM or SIGINT: the App stops taking webhooks and workers finish or hand back. */
  signal: AbortSignal;
  /** Replaces the real pipeline parts (tests and the benchmark use a scripted model). */
  pipelineParts?: (config: Readonly<Config>, logger: Logger) => Promise<PipelineParts>;
  /** Called once the App is up, with the server's port when it has one. */
  onReady?: (info: { port: number | null }) => void;
}

const COMMANDS = ["start", "server", "worker"] as const;
type AppCommand = (typeof COMMANDS)[number];

const USAGE = `Usage: codeforge-app <command>

Commands:
  start    webhook server and a worker in one process (embedded queue and store by default)
  server   the webhook server only (needs DATABASE_URL, shared with the workers)
  worker   a worker only (needs DATABASE_URL); run as many as you like

Environment: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, GHE_HOST,
GHE_PROTOCOL, DATABASE_URL, CODEFORGE_APP_* and every CODEFORGE_* setting (see docs/app.md).
`;

/**
 * Runs `codeforge-app start|server|worker` until the context's signal aborts, and returns the
 * exit code. Every real part is built here; nothing else reads the environment.
 */
export async function runApp(args: readonly string[], context: AppContext): Promise<number> {
  const command = args[0];
  if (command === "--help" || command === "-h" || command === "help") {
    context.stderr.write(USAGE);
    return 0;
  }
  if (!COMMANDS.includes(command as AppCommand)) {
    context.stderr.write(`codeforge-app: unknown command ${command ?? "(none)"}\n\n${USAGE}`);
    return 2;
  }
  const mode = command as AppCommand;
  let config: Readonly<Config>;
  let settings: AppSettings;
  try {
    config = loadConfig({ env: context.env });
    settings = readAppSettings(context.env, {
      cwd: context.cwd,
      storeDataDir: config.store.dataDir,
      needsWebhookSecret: mode !== "worker",
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AppSettingsError) {
      context.stderr.write(`codeforge-app: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (mode !== "start" && !config.store.databaseUrl) {
    context.stderr.write(
      `codeforge-app: \`${mode}\` runs apart from the other half of the App, so both need one Postgres server: set DATABASE_URL (or run \`codeforge-app start\` for one process with the embedded queue)\n`,
    );
    return 2;
  }
  const logger = createLogger({
    level: config.telemetry.logLevel,
    format: config.telemetry.logFormat,
    destination: context.stderr,
    secrets: [...secretsOf(config), settings.privateKey, settings.webhookSecret],
    bindings: { component: `app-${mode}` },
  });
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret || "unused-by-workers",
    baseUrl: settings.baseUrl,
    log: logger.child({ name: "probot" }),
    Octokit: ProbotOctokit,
  });

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error) => logger.error({ err: error }, "stopping"));
  };
  try {
    const queueDatabase: QueueDatabase = await openQueueDatabase(
      config.store.databaseUrl
        ? { databaseUrl: config.store.databaseUrl }
        : { dataDir: settings.queueDir },
      { onError: (error) => logger.error({ err: error }, "queue error") },
    );
    stops.push(() => queueDatabase.close({ graceful: true, timeoutMs: 15_000 }));
    const queue = await createTaskQueue(queueDatabase.boss, {
      ...DEFAULT_QUEUE_TIMINGS,
      heartbeatSeconds: settings.heartbeatSeconds,
      heartbeatRefreshSeconds: Math.min(3, settings.heartbeatSeconds / 2),
    });

    // Loads and exercises the App's auth (JWT signing) now, so the first delivery is as quick as the rest.
    await (await probot.auth()).auth({ type: "app" });
    let server: AppServer | null = null;
    if (mode !== "worker") {
      server = await createAppServer({ probot, queue, trigger: settings.trigger });
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.server.once("error", reject);
        listening.server.listen(settings.port, settings.host, () => resolve());
      });
      // Stopped first (stops run in reverse): no new webhook while the workers hand back.
      stops.push(() => listening.close());
      logger.info({ port: portOf(listening), host: settings.host }, "webhook server listening");
    }
    if (mode !== "server") {
      const store: Store = await openStore({ ...config.store, cwd: context.cwd });
      stops.unshift(() => store.close());
      const repositorySpend = createRepositorySpend(store.db);
      const partsFor =
        context.pipelineParts ??
        ((jobConfig, jobLogger) => createPipelineParts(jobLogger)(jobConfig));
      // Installation tokens come from the app-authenticated client, which carries the API's base
      // URL. Probot's `auth(installationId)` asks for its tokens through a request without it, so
      // on GitHub Enterprise Server a worker that has not yet seen a webhook (a restarted one)
      // would ask api.github.com.
      const appClient = await probot.auth();
      const installation = async (installationId: number): Promise<InstallationClient> => {
        const { data } = await appClient.request(
          "POST /app/installations/{installation_id}/access_tokens",
          {
            installation_id: installationId,
          },
        );
        return {
          client: new ProbotOctokit({
            auth: { token: data.token },
            baseUrl: settings.baseUrl,
            log: logger.child({ name: "github" }),
            throttle: { enabled: false },
          }),
          token: data.token,
        };
      };
      await queue.work(async (job, jobContext) => {
        const jobLogger = logger.child({
          job: jobContext.jobId,
          thread: `${job.owner}/${job.repo}#${job.number}`,
        });
        const outcome = await runJob(
          {
            installation,
            operatorConfig: config,
            pipelineParts: (jobConfig) => partsFor(jobConfig, jobLogger),
            tasks: store.tasks,
            repositorySpend,
            logger: jobLogger,
            settings,
          },
          job,
          jobContext,
        ).catch((error: unknown) => {
          jobLogger.error(
            { err: error, attempt: jobContext.retryCount },
            "job attempt failed: the queue retries it",
          );
          throw error;
        });
        jobLogger.info({ outcome }, "job ended");
      });
      await queue.workFailed(async (job, jobId) => {
        const { client } = await installation(job.installationId);
        await reportInterrupted(client, job, jobId);
      });
      logger.info("worker waiting for jobs");
    }
    context.onReady?.({ port: server ? portOf(server) : null });
    await new Promise<void>((resolve) => {
      if (context.signal.aborted) resolve();
      else context.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    logger.info("stopping: no new webhooks; running jobs finish or go back to the queue");
    await stopAll();
    return 0;
  } catch (error) {
    logger.error({ err: error }, "the App stopped on an error");
    await stopAll();
    return 1;
  }
}

function portOf(server: AppServer): number | null {
  const address = server.server.address();
  return typeof address === "object" && address !== null ? address.port : null;
}
