import { z } from "zod";

/** A JSON Schema object as zod 4 produces it. */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a zod schema, as sent to providers' schema modes: draft 7 (the dialect
 * OpenAI, Anthropic and Ollama document), without the `$schema` marker they do not need.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _marker, ...rest } = z.toJSONSchema(schema, {
    target: "draft-7",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

/** Keywords OpenAI's strict structured outputs accept. */
const STRICT_KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "anyOf",
  "description",
  "title",
  "$ref",
  "$defs",
  "definitions",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "default",
]);

/**
 * Whether OpenAI's strict `json_schema` mode can take this schema as it is: an object at the
 * root, every object closed (`additionalProperties: false`) with all its properties required,
 * and only keywords strict mode supports. Optional fields, records and unions of objects with
 * open shapes fail the check; those requests use JSON mode plus the schema in the prompt.
 */
export function isStrictCompatible(schema: JsonSchema): boolean {
  if (schema.type !== "object") return false;
  return isStrictNode(schema);
}

function isStrictNode(node: unknown): boolean {
  if (typeof node !== "object" || node === null) return true;
  if (Array.isArray(node)) return node.every(isStrictNode);
  const record = node as JsonSchema;
  for (const key of Object.keys(record)) {
    if (!STRICT_KEYWORDS.has(key)) return false;
  }
  if (record.type === "object" || record.properties !== undefined) {
    if (record.additionalProperties !== false) return false;
    const properties = Object.keys((record.properties as JsonSchema | undefined) ?? {});
    const required = new Set((record.required as string[] | undefined) ?? []);
    if (!properties.every((property) => required.has(property))) return false;
    if (!Object.values((record.properties as JsonSchema | undefined) ?? {}).every(isStrictNode)) {
      return false;
    }
  }
  for (const key of ["items", "anyOf", "$defs", "definitions"] as const) {
    const child = record[key];
    if (child === undefined) continue;
    const children =
      key === "$defs" || key === "definitions" ? Object.values(child as JsonSchema) : [child];
    if (!children.every(isStrictNode)) return false;
  }
  return true;
}
