import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { sql } from "kysely";
import { afterAll, describe } from "vitest";
import { requireService } from "../testing/require-service.js";
import { type TestStore, truncateStoreTables } from "./create-test-store.js";
import { openStore } from "./open-store.js";
import { describeStoreContract } from "./test-support/store-contract.js";

const serverUrl = process.env.CODEFORGE_TEST_DATABASE_URL;

// Each run works in a schema of its own, dropped at the end, so runs never see each
// other's rows and the `test` database itself is never dropped.
const schema = `codeforge_test_${randomBytes(6).toString("hex")}`;

const server = await requireService("Postgres server (CODEFORGE_TEST_DATABASE_URL)", async () => {
  if (!serverUrl) throw new Error("CODEFORGE_TEST_DATABASE_URL is not set");
  const admin = await openStore({
    cwd: tmpdir(),
    databaseUrl: serverUrl,
    migrate: false,
    markInterrupted: false,
  });
  try {
    await sql`create schema ${sql.id(schema)}`.execute(admin.db.withoutPlugins());
  } finally {
    await admin.close();
  }
});

describe.skipIf(!server.available)(`store on a Postgres server ${server.reason}`, () => {
  afterAll(async () => {
    if (!serverUrl) return;
    const admin = await openStore({
      cwd: tmpdir(),
      databaseUrl: serverUrl,
      migrate: false,
      markInterrupted: false,
    });
    try {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db.withoutPlugins());
    } finally {
      await admin.close();
    }
  });

  describeStoreContract("contract", async (): Promise<TestStore> => {
    const separator = serverUrl?.includes("?") ? "&" : "?";
    const options = encodeURIComponent(`-c search_path=${schema}`);
    const store = await openStore({
      cwd: tmpdir(),
      databaseUrl: `${serverUrl}${separator}options=${options}`,
      migrate: true,
    });
    return { ...store, reset: () => truncateStoreTables(store) };
  });
});
