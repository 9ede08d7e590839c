import { sql } from "kysely";
import { openStore } from "./open-store.js";
import type { Store } from "./store.js";

/** A migrated in-memory store for tests, with a way to empty it between tests. */
export interface TestStore extends Store {
  /** Deletes every row of every table, keeping the schema. */
  reset(): Promise<void>;
}

/**
 * Opens a fresh in-memory PGlite store with every migration applied. Starting PGlite takes
 * a moment, so open one per test file (`beforeAll`) and `reset()` it between tests.
 *
 * @example
 * let store: TestStore;
 * beforeAll(async () => { store = await createTestStore(); });
 * afterEach(() => store.reset());
 * afterAll(() => store.close());
 */
export async function createTestStore(): Promise<TestStore> {
  const store = await openStore({ dataDir: "memory://", migrate: true });
  return {
    ...store,
    reset: () => truncateStoreTables(store),
  };
}

/** Deletes every row of every store table, keeping the schema. For tests only. */
export async function truncateStoreTables(store: Store): Promise<void> {
  await sql`truncate table benchmark_results, benchmark_runs, execution_results, agent_traces, tasks restart identity cascade`.execute(
    store.db,
  );
}
