import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, SnapshotSchema } from "./snapshot-schema.js";

/** What reading a snapshot gave: the snapshot, or one message saying what is wrong and what to do. */
export type SnapshotParseResult =
  | { readonly ok: true; readonly snapshot: Snapshot }
  | { readonly ok: false; readonly message: string };

/**
 * Checks a parsed JSON value against the snapshot schema. A snapshot of another schema
 * version is refused first, with a message naming both versions; any other problem names
 * the first fields that are wrong.
 *
 * @example
 * const result = parseSnapshot(JSON.parse(text));
 * if (!result.ok) throw new Error(result.message);
 */
export function parseSnapshot(value: unknown): SnapshotParseResult {
  const version =
    value !== null && typeof value === "object" && "schemaVersion" in value
      ? value.schemaVersion
      : undefined;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    return {
      ok: false,
      message:
        version === undefined
          ? `the snapshot has no schemaVersion: it is not a codeforge export snapshot; write one with codeforge export --out FILE`
          : `the snapshot has schema version ${JSON.stringify(version)}, this site reads version ${SNAPSHOT_SCHEMA_VERSION}: export it again with this version of codeforge (codeforge export --out FILE)`,
    };
  }
  const parsed = SnapshotSchema.safeParse(value);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  return {
    ok: false,
    message: `the snapshot does not match schema version ${SNAPSHOT_SCHEMA_VERSION} (${issues.join("; ")}): export it again with codeforge export --out FILE`,
  };
}
