import type { Kysely } from "kysely";
import type { MigrationResult } from "kysely/migration";
import type { AnalyticsRepository } from "./analytics-repository.js";
import type { BenchmarkRepository } from "./benchmark-repository.js";
import type { Database } from "./database.js";
import type { TaskRepository } from "./task-repository.js";

/** Which database a store talks to. */
export type StoreDialect = "pglite" | "postgres";

/** The repositories, bound to the store or to one transaction. */
export interface StoreRepositories {
  readonly tasks: TaskRepository;
  readonly benchmarks: BenchmarkRepository;
  readonly analytics: AnalyticsRepository;
}

/**
 * CodeForge's persistence: tasks with their traces and execution results, benchmark runs,
 * and the analytics queries, over PGlite (embedded) or a Postgres server.
 */
export interface Store extends StoreRepositories {
  readonly dialect: StoreDialect;
  /** Where the data lives, with any password removed: a directory, `memory://` or a URL. */
  readonly location: string;
  /** The Kysely instance, for queries the repositories do not cover. */
  readonly db: Kysely<Database>;
  /**
   * Applies pending migrations and returns one result per migration applied (empty when
   * already up to date). Throws a `MigrationError` when one fails.
   */
  migrate(): Promise<MigrationResult[]>;
  /** Names of the migrations not yet applied, oldest first. */
  pendingMigrations(): Promise<string[]>;
  /**
   * Runs `work` in one transaction: all its writes land, or none do. Use the repositories
   * it receives, not the store's own (on PGlite those would wait for the transaction).
   *
   * @example
   * await store.transaction(async (tx) => {
   *   await tx.tasks.addTrace(taskId, trace);
   *   await tx.tasks.updateStatus(taskId, "executing");
   * });
   */
  transaction<T>(work: (repositories: StoreRepositories) => Promise<T>): Promise<T>;
  /** Closes the database; the store is unusable afterwards. */
  close(): Promise<void>;
}
