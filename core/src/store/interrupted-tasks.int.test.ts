import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { requireService } from "../testing/require-service.js";
import { openStore } from "./open-store.js";
import { INTERRUPTED_MESSAGE } from "./task-repository.js";

const serverUrl = process.env.CODEFORGE_TEST_DATABASE_URL;
// A schema of this run's own, so other suites' tasks on the shared server are never touched.
const schema = `codeforge_interrupted_${randomBytes(6).toString("hex")}`;

function urlWithSearchPath(): string {
  const separator = serverUrl?.includes("?") ? "&" : "?";
  return `${serverUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

const open = (interruptedAfterMinutes?: number) =>
  openStore({
    cwd: tmpdir(),
    databaseUrl: urlWithSearchPath(),
    ...(interruptedAfterMinutes === undefined ? {} : { interruptedAfterMinutes }),
  });

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

describe.skipIf(!server.available)(`interrupted tasks on a shared server ${server.reason}`, () => {
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

  it("fails a task untouched for longer than interruptedAfterMinutes and leaves a live one", async () => {
    const first = await open();
    const stale = await first.tasks.create({ prompt: "left behind", status: "coding" });
    const live = await first.tasks.create({ prompt: "still running", status: "executing" });
    await sql`update tasks set updated_at = now() - interval '45 minutes' where id = ${stale.id}`.execute(
      first.db.withoutPlugins(),
    );
    await first.close();

    const second = await open(30);
    try {
      expect(await second.tasks.get(stale.id)).toMatchObject({
        status: "failed",
        errorMessage: INTERRUPTED_MESSAGE,
      });
      expect((await second.tasks.get(live.id))?.status).toBe("executing");
    } finally {
      await second.close();
    }
  });
});
