import { afterAll, describe } from "vitest";
import { defineForgedPassCases } from "../test-support/forged-pass-cases.js";
import { sandboxForTests } from "../test-support/sandbox-executor.js";
import { defineVerdictCases } from "../test-support/verdict-cases.js";

const sandbox = await sandboxForTests();
afterAll(async () => {
  await sandbox.executor.close?.();
});

describe.skipIf(!sandbox.service.available)(
  `verdicts in the real sandbox ${sandbox.service.reason}`,
  () => {
    defineVerdictCases(() => sandbox.executor);
    defineForgedPassCases(() => sandbox.executor);
  },
);
