import { ConfigSchema } from "@codeforge/core";
import { requireService, type ServiceAvailability } from "@codeforge/core/testing";
import Docker from "dockerode";
import { type ClosableExecutor, createEvalExecutor } from "../eval/create-eval-executor.js";

/**
 * The real sandbox evaluation runs on (guard off: evaluation relies on the container),
 * for integration tests, gated by `requireService`: the probe runs a program, so it needs
 * both the engine and the sandbox image.
 */
export async function sandboxForTests(): Promise<{
  executor: ClosableExecutor;
  service: ServiceAvailability;
}> {
  const config = ConfigSchema.parse({}).sandbox;
  const executor = createEvalExecutor({ docker: new Docker(), sandbox: config });
  const service = await requireService(`Docker sandbox (${config.pythonImage})`, async () => {
    const result = await executor.run({ language: "python", code: "print(6 * 7)" });
    if (result.stdout.trim() !== "42") {
      throw new Error(
        `the probe program printed ${JSON.stringify(result.stdout)}: ${result.stderr}`,
      );
    }
  });
  return { executor, service };
}
