import type { JsonSchema } from "./json-schema.js";

/**
 * The system-prompt paragraph that asks for JSON of a schema. Used where the provider's own
 * schema mode does not carry the schema to the model (OpenAI JSON mode) and, as Ollama
 * recommends, alongside its `format` schema to ground the model.
 */
export function jsonInstructions(schema: JsonSchema): string {
  return [
    "Answer with a single JSON value that matches this JSON Schema, and nothing else:",
    "no Markdown code fence, no text before or after it.",
    JSON.stringify(schema),
  ].join("\n");
}

/** `system` with the JSON instructions appended. */
export function withJsonInstructions(system: string | undefined, schema: JsonSchema): string {
  const instructions = jsonInstructions(schema);
  return system ? `${system}\n\n${instructions}` : instructions;
}
