import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseSnapshot, type Snapshot } from "@codeforge/core/snapshot";

/** The variable naming the snapshot to build from; defaults to `site/data/snapshot.json`. */
export const SITE_DATA_VARIABLE = "CODEFORGE_SITE_DATA";

/**
 * The committed demo snapshot, used when {@link SITE_DATA_VARIABLE} is not set. Found through
 * the package, not this file's place: the build runs this code from a bundle under `dist/`.
 */
export const DEFAULT_SNAPSHOT_FILE = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@codeforge/site/package.json")),
  "data/snapshot.json",
);

/** Which file the site builds from, for a given environment. */
export function snapshotFile(env: Readonly<Record<string, string | undefined>>): string {
  const named = env[SITE_DATA_VARIABLE]?.trim();
  return named ? path.resolve(named) : DEFAULT_SNAPSHOT_FILE;
}

/**
 * Reads and validates the snapshot the site is built from. A missing file, bad JSON or a
 * snapshot of another schema version stops the build with a message saying which file and
 * what to do.
 */
export function loadSnapshot(file: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `no snapshot at ${file} (${(error as Error).message}): write one with codeforge export --out ${file}, or set ${SITE_DATA_VARIABLE}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON (${(error as Error).message}): export it again`);
  }
  const result = parseSnapshot(value);
  if (!result.ok) throw new Error(`${file}: ${result.message}`);
  return result.snapshot;
}

let cached: { file: string; snapshot: Snapshot } | undefined;

/** The build's snapshot, read once per build from {@link snapshotFile}. */
export function siteSnapshot(): Snapshot {
  const file = snapshotFile(process.env);
  if (cached?.file !== file) cached = { file, snapshot: loadSnapshot(file) };
  return cached.snapshot;
}
