import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
export const REPOSITORY_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A file of the repository, as text. */
export function repositoryFile(path: string): string {
  return readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
}
