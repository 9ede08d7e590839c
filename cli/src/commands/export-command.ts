import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  buildSnapshot,
  createPricing,
  createSecretRedactor,
  DEFAULT_SNAPSHOT_TASK_LIMIT,
  openStore,
  SNAPSHOT_SCHEMA_VERSION,
  secretsOf,
  snapshotJsonSchema,
  UsageError,
} from "@codeforge/core";
import type { Command } from "commander";
import { type CliContext, writeLine } from "../cli-context.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { createCliLogger, loadCliConfig } from "../load-cli-config.js";
import { parseIntegerFlag } from "../parse-integer-flag.js";
import type { CommandRegistrar } from "./command-registrar.js";
import { parseMoment } from "./tasks-command.js";

/** The flags of `codeforge export`, as commander hands them over. */
export interface ExportFlags {
  out?: string;
  since?: string;
  limitTasks: string;
  includeCode?: boolean;
  includePrivate?: boolean;
  label?: string;
  schema?: boolean;
}

/**
 * `codeforge export --out FILE [--since WHEN] [--limit-tasks N] [--include-code]
 * [--include-private] [--label TEXT]`: writes the store as one versioned JSON snapshot for
 * the status site (`site/`). `--schema` prints the snapshot's JSON Schema instead.
 */
export const registerExportCommand: CommandRegistrar = (
  program: Command,
  context: CliContext,
  exit: ExitCodeBox,
) => {
  program
    .command("export")
    .description("write a JSON snapshot of the store for the status site")
    .option("--out <file>", "where to write the snapshot (- for stdout)")
    .option("--since <when>", "only runs and tasks from then on: 2026-01-31, or an age like 30d")
    .option("--limit-tasks <n>", "the newest N tasks", String(DEFAULT_SNAPSHOT_TASK_LIMIT))
    .option("--include-code", "include generated code, tests, diffs and program output")
    .option(
      "--include-private",
      "include repository names, issue and pull request numbers and links",
    )
    .option("--label <text>", "a note the site shows on every page, e.g. where the data is from")
    .option("--schema", "print the snapshot's JSON Schema and write nothing else")
    .action(
      commandAction(exit, async (flags: ExportFlags, command: Command) => {
        if (flags.schema) {
          writeLine(context.stdout, JSON.stringify(snapshotJsonSchema(), null, 2));
          return EXIT_CODES.success;
        }
        if (flags.out === undefined || flags.out.trim() === "") {
          throw new UsageError(
            "codeforge export needs --out FILE: name the file to write (- for stdout)",
          );
        }
        const limitTasks = parseIntegerFlag("--limit-tasks", flags.limitTasks, {
          min: 0,
          max: 100_000,
        });
        const since =
          flags.since === undefined
            ? undefined
            : parseMoment("--since", flags.since, new Date(), "start");
        const config = loadCliConfig(context, command);
        const logger = createCliLogger(context, config);
        const store = await openStore({ ...config.store, cwd: context.cwd });
        const snapshot = await (async () => {
          try {
            return await buildSnapshot({
              store,
              pricing: createPricing(config.pricing, { logger }),
              baselineModel: config.routing.baselineModel,
              redact: createSecretRedactor(secretsOf(config)),
              limitTasks,
              includeCode: flags.includeCode === true,
              includePrivate: flags.includePrivate === true,
              ...(since === undefined ? {} : { since }),
              ...(flags.label === undefined ? {} : { label: flags.label }),
            });
          } finally {
            await store.close();
          }
        })();
        const json = `${JSON.stringify(snapshot, null, 2)}\n`;
        if (flags.out === "-") {
          context.stdout.write(json);
          return EXIT_CODES.success;
        }
        const file = path.resolve(context.cwd, flags.out);
        await mkdir(path.dirname(file), { recursive: true });
        // Written aside and renamed, so a site build never reads half a snapshot.
        const partial = `${file}.${process.pid}.partial`;
        await writeFile(partial, json);
        await rename(partial, file);
        writeLine(
          context.stdout,
          `wrote snapshot (schema version ${SNAPSHOT_SCHEMA_VERSION}) to ${file}: ${snapshot.benchmarkRuns.length} benchmark run(s), ${snapshot.tasks.length} of ${snapshot.totalTasks} task(s)${snapshot.options.includeCode ? ", with code" : ""}${snapshot.options.includePrivate ? ", with private fields" : ""}`,
        );
        return EXIT_CODES.success;
      }),
    );
};
