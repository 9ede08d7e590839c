import type { Config, Executor, Language } from "@codeforge/core";
import { requireService, type ServiceAvailability } from "@codeforge/core/testing";
import { sandboxImageFor } from "@codeforge/sandbox";

/**
 * Gates a suite on a working sandbox image for `language`: a trivial program must run and
 * exit 0 through `executor`. Skips locally when it does not, fails under
 * `CODEFORGE_REQUIRE_SERVICES=1` (see `requireService`).
 */
export function requireSandboxImage(
  executor: Executor,
  sandbox: Config["sandbox"],
  language: Language = "python",
): Promise<ServiceAvailability> {
  const image = sandboxImageFor(sandbox, language);
  return requireService(`Docker sandbox image ${image}`, async () => {
    const result = await executor.run({
      language,
      code: language === "python" ? "print(1)" : "console.log(1)",
      timeoutMs: 20_000,
    });
    if (result.exitCode !== 0) {
      throw new Error(`a trivial program exited ${result.exitCode}: ${result.stderr}`);
    }
  });
}
