import { MigrationError, openStore, type Store } from "@codeforge/core";
import type { Command } from "commander";
import { type CliContext, writeLine } from "../cli-context.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { loadCliConfig } from "../load-cli-config.js";
import type { CommandRegistrar } from "./command-registrar.js";

/** "embedded store (PGlite) at …" or "Postgres at …" (password removed). */
export function describeStore(store: Store): string {
  return store.dialect === "pglite"
    ? `embedded store (PGlite) at ${store.location}`
    : `Postgres at ${store.location}`;
}

/**
 * `codeforge migrate [--json]`: applies the store's pending migrations and reports each one;
 * run again, it changes nothing and says the database is up to date. Exits 1 when a
 * migration fails (that migration is rolled back).
 */
export const registerMigrateCommand: CommandRegistrar = (
  program: Command,
  context: CliContext,
  exit: ExitCodeBox,
) => {
  program
    .command("migrate")
    .description("apply pending database migrations (embedded store, or DATABASE_URL)")
    .option("--json", "print the per-migration results as JSON")
    .action(
      commandAction(exit, async (options: { json?: boolean }, command: Command) => {
        const config = loadCliConfig(context, command);
        const store = await openStore({
          ...config.store,
          cwd: context.cwd,
          migrate: false,
          markInterrupted: false,
        });
        try {
          const results = await store.migrate().catch((error: unknown) => {
            if (error instanceof MigrationError && !options.json) {
              for (const result of error.results) {
                writeLine(context.stdout, `${mark(result.status)} ${result.migrationName}`);
              }
            }
            throw error;
          });
          if (options.json) {
            writeLine(context.stdout, JSON.stringify(results, null, 2));
            return EXIT_CODES.success;
          }
          if (results.length === 0) {
            writeLine(context.stdout, `${describeStore(store)} is already up to date`);
            return EXIT_CODES.success;
          }
          for (const result of results) {
            writeLine(context.stdout, `✓ applied ${result.migrationName}`);
          }
          writeLine(
            context.stdout,
            `${results.length} migration(s) applied to ${describeStore(store)}`,
          );
          return EXIT_CODES.success;
        } finally {
          await store.close();
        }
      }),
    );
};

function mark(status: "Success" | "Error" | "NotExecuted"): string {
  if (status === "Success") return "✓ applied";
  if (status === "Error") return "✗ failed";
  return "- not run";
}
