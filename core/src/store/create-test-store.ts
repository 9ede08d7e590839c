import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { STORE_MIGRATIONS } from "./migrations/index.js";
import { connectStore, IN_MEMORY_DATA_DIR } from "./open-store.js";
import { SerialPGliteDialect } from "./serial-pglite-dialect.js";
import type { Store } from "./store.js";

/** A migrated in-memory store for tests, with a way to empty it between tests. */
export interface TestStore extends Store {
  /** Deletes every row of every table, keeping the schema. */
  reset(): Promise<void>;
}

/** Where migrated snapshots are kept between test processes. */
export interface TestStoreOptions {
  /** Defaults to `codeforge-test-store` in the system's temp directory. */
  snapshotDir?: string;
}

/**
 * Opens a fresh in-memory PGlite store with every migration applied. Creating a database
 * from nothing (initdb) takes PGlite several seconds, so the first call saves the migrated
 * database as a snapshot in the temp directory (one per PGlite version and migration list)
 * and later calls, in any test process, start from it. Still, open one per test file
 * (`beforeAll`) and `reset()` it between tests.
 *
 * @example
 * let store: TestStore;
 * beforeAll(async () => { store = await createTestStore(); });
 * beforeEach(() => store.reset());
 * afterAll(() => store.close());
 */
export async function createTestStore(options: TestStoreOptions = {}): Promise<TestStore> {
  const snapshot = path.join(
    options.snapshotDir ?? path.join(tmpdir(), "codeforge-test-store"),
    `${await snapshotKey()}.tar`,
  );
  const loaded = await loadSnapshot(snapshot);
  const pglite = loaded ?? (await PGlite.create());
  const store = await connectStore(
    {
      kind: "pglite",
      location: IN_MEMORY_DATA_DIR,
      dialect: new SerialPGliteDialect(pglite),
    },
    { migrate: true, markInterrupted: false },
  );
  if (!loaded) await saveSnapshot(pglite, snapshot);
  return { ...store, reset: () => truncateStoreTables(store) };
}

/** Deletes every row of every store table, keeping the schema. For tests only. */
export async function truncateStoreTables(store: Store): Promise<void> {
  await sql`truncate table benchmark_results, benchmark_runs, execution_results, agent_traces, tasks restart identity cascade`.execute(
    store.db,
  );
}

async function snapshotKey(): Promise<string> {
  let version = "unknown";
  try {
    const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    const manifest = await readFile(path.join(path.dirname(entry), "..", "package.json"), "utf8");
    version = String((JSON.parse(manifest) as { version?: unknown }).version);
  } catch {
    // Without a version the key still changes with the migrations.
  }
  const migrations = Object.keys(STORE_MIGRATIONS).sort().join("\n");
  return createHash("sha256").update(`${version}\n${migrations}`).digest("hex").slice(0, 16);
}

async function loadSnapshot(file: string): Promise<PGlite | undefined> {
  let contents: Buffer;
  try {
    contents = await readFile(file);
  } catch {
    return undefined;
  }
  try {
    return await PGlite.create({ loadDataDir: new Blob([new Uint8Array(contents)]) });
  } catch {
    // A damaged snapshot is replaced by a fresh one.
    await rm(file, { force: true });
    return undefined;
  }
}

async function saveSnapshot(pglite: PGlite, file: string): Promise<void> {
  try {
    const dump = await pglite.dumpDataDir("none");
    await mkdir(path.dirname(file), { recursive: true });
    // Written aside and renamed, so a concurrent reader never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
  } catch {
    // Without a snapshot the next test store is created from nothing, only more slowly.
  }
}
