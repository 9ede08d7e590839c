import { ConfigSchema, type Executor } from "@codeforge/core";
import { requireService, type ServiceAvailability } from "@codeforge/core/testing";
import { createDockerExecutor } from "@codeforge/sandbox";

/**
 * The real sandbox for integration tests, with the static guard off (evaluation relies on
 * the container, never on the guard), gated by `requireService`: the probe runs a program,
 * so it needs both the engine and the sandbox image.
 */
export async function sandboxForTests(): Promise<{
  executor: Executor;
  service: ServiceAvailability;
}> {
  const config = ConfigSchema.parse({ sandbox: { guard: "off" } }).sandbox;
  const executor = createDockerExecutor({ config });
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
