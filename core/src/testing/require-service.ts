/** Whether a service a test suite needs is there, and if not, why. */
export interface ServiceAvailability {
  available: boolean;
  /** Why the service is unavailable; empty when it is available. */
  reason: string;
}

/** The variable under which a missing service fails a suite instead of skipping it. */
export const REQUIRE_SERVICES_VARIABLE = "CODEFORGE_REQUIRE_SERVICES";

/**
 * Probes a service a test suite needs (Docker, a Postgres server). Locally a missing
 * service means the suite skips with the reason; when `CODEFORGE_REQUIRE_SERVICES=1`
 * (as in CI) it throws, so a missing service fails the run instead of hiding.
 *
 * @example
 * const docker = await requireService("Docker engine", () => pingDocker());
 * describe.skipIf(!docker.available)(`sandbox ${docker.reason}`, () => { … });
 */
export async function requireService(
  name: string,
  probe: () => Promise<unknown>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ServiceAvailability> {
  try {
    await probe();
    return { available: true, reason: "" };
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    const reason = `(skipped: ${name} unavailable: ${cause})`;
    if (env[REQUIRE_SERVICES_VARIABLE] === "1") {
      throw new Error(
        `${name} is required because ${REQUIRE_SERVICES_VARIABLE}=1, but it is unavailable: ${cause}`,
      );
    }
    return { available: false, reason };
  }
}
