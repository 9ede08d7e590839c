import { requireService } from "@codeforge/core/testing";
import { describe } from "vitest";
import { openQueueDatabase } from "./open-queue-database.js";
import { queueContract } from "./test-support/queue-contract.js";

const databaseUrl = process.env.CODEFORGE_TEST_DATABASE_URL;
const postgres = databaseUrl
  ? await requireService("Postgres server", async () => {
      const database = await openQueueDatabase({ databaseUrl }, { supervise: false });
      await database.close({ graceful: false });
    })
  : { available: false, reason: "(skipped: CODEFORGE_TEST_DATABASE_URL is not set)" };

describe.skipIf(!postgres.available)(`on a Postgres server ${postgres.reason}`, () => {
  queueContract("Postgres", () => ({ databaseUrl: databaseUrl ?? "" }));
});
