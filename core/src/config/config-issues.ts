import type { z } from "zod";
import type { ConfigIssue } from "../errors/config-error.js";
import type { ConfigLayer, ValueOrigin } from "./config-layer.js";
import { ConfigSchema } from "./config-schema.js";
import { objectKeysOf, schemaAtPath } from "./config-schema-walk.js";

/** Where the value at a dotted path came from: the latest layer that set it or a parent. */
export function originOf(path: string, layers: readonly ConfigLayer[]): ValueOrigin {
  const segments = path === "" ? [] : path.split(".");
  for (const layer of [...layers].reverse()) {
    for (let length = segments.length; length > 0; length -= 1) {
      const origin = layer.origins.get(segments.slice(0, length).join("."));
      if (origin) return origin;
    }
  }
  // A rule across fields (simpleThreshold < complexThreshold): blame whichever sibling was set.
  const parent = segments.slice(0, -1).join(".");
  for (const layer of [...layers].reverse()) {
    for (const [candidate, origin] of layer.origins) {
      if (parent === "" || candidate.startsWith(`${parent}.`)) return origin;
    }
  }
  return { source: "defaults" };
}

function knownKeysNote(parentPath: string): string {
  const schema = parentPath === "" ? ConfigSchema : schemaAtPath(parentPath);
  const keys = schema ? objectKeysOf(schema) : undefined;
  return keys ? ` (known here: ${keys.join(", ")})` : "";
}

/** A problem at a path, named by the source that set it (with its note, e.g. the line). */
export function issueAt(
  path: string,
  message: string,
  layers: readonly ConfigLayer[],
): ConfigIssue {
  const origin = originOf(path, layers);
  return {
    path,
    source: origin.source,
    message: origin.note ? `${message} ${origin.note}` : message,
  };
}

/**
 * Turns one zod issue of {@link ConfigSchema} into configuration issues that name the
 * source of the value (an unknown key lists the keys known at its place).
 */
export function toConfigIssues(
  issue: z.core.$ZodIssue,
  layers: readonly ConfigLayer[],
): ConfigIssue[] {
  const base = issue.path.map(String).join(".");
  const located =
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: base ? `${base}.${key}` : key,
          message: `is not a known setting${knownKeysNote(base)}`,
        }))
      : [{ path: base, message: issue.message }];
  return located.map(({ path, message }) => issueAt(path, message, layers));
}
