import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The fixture repository the worker tests read. */
export const PYTHON_FIXTURE = fileURLToPath(
  new URL("../../../fixtures/repositories/python-package", import.meta.url),
);

/**
 * The fixture repository as GitHub's tarball API sends it: a `.tar.gz` whose entries sit under
 * one `owner-repo-sha/` folder.
 */
export function fixtureTarball(
  folder = PYTHON_FIXTURE,
  prefix = "Codertocat-Hello-World-abc1234",
): Buffer {
  return execFileSync("tar", ["-czf", "-", "--transform", `s,^\\.,${prefix},`, "-C", folder, "."]);
}
