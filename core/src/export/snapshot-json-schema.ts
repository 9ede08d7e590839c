import { z } from "zod";
import { SnapshotSchema } from "./snapshot-schema.js";

/**
 * The snapshot's JSON Schema (draft 2020-12), generated from the same zod schema the site
 * validates with, for tools that do not speak zod (`codeforge export --schema` prints it).
 */
export function snapshotJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SnapshotSchema, { target: "draft-2020-12", io: "output" }) as Record<
    string,
    unknown
  >;
}
