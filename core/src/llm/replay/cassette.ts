import { createHash } from "node:crypto";
import { z } from "zod";
import type { GenerateRequest } from "../language-model.js";

const UsageSchema = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  estimated: z.boolean(),
});

/** A recorded answer the model accepted: its text, the object when a schema was asked, usage. */
const AcceptedResponseSchema = z.object({
  text: z.string(),
  object: z.unknown().optional(),
  usage: UsageSchema,
  latencyMs: z.number().min(0),
  model: z.string(),
});

/**
 * A recorded answer the model rejected (it threw `ModelOutputError`): the raw output, the
 * error's message and issues, and the usage when the provider reported it. Replay throws it
 * again, so a corrective re-ask follows exactly as in the recorded run.
 */
const RejectedResponseSchema = z.object({
  rejected: z.literal(true),
  text: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
  usage: UsageSchema.optional(),
  latencyMs: z.number().min(0),
  model: z.string(),
});

/** One recorded call: a JSON line of a cassette file. */
export const CassetteEntrySchema = z.object({
  version: z.literal(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest"),
  recordedAt: z.string(),
  request: z.object({
    model: z.string(),
    system: z.string().optional(),
    messages: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string() })),
    temperature: z.number().optional(),
    maxTokens: z.number().optional(),
    schema: z.unknown().optional(),
  }),
  // Rejected first: an accepted-answer object would otherwise strip `rejected` and accept it.
  response: z.union([RejectedResponseSchema, AcceptedResponseSchema]),
});

export type CassetteEntry = z.infer<typeof CassetteEntrySchema>;

/** A recorded answer the model rejected with `ModelOutputError`. */
export type RejectedCassetteResponse = z.infer<typeof RejectedResponseSchema>;

/** The parts of a request that decide its answer, as stored in the cassette. */
export type CassetteRequest = CassetteEntry["request"];

/**
 * The request as the cassette keys it: model id, system prompt, messages, temperature, max
 * tokens and the schema as JSON Schema. The signal, the streaming callback and the schema's
 * name do not change the answer and are left out.
 */
export function cassetteRequestOf(modelId: string, request: GenerateRequest): CassetteRequest {
  return dropUndefined({
    model: modelId,
    system: request.system,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    temperature: request.temperature,
    maxTokens: request.maxTokens,
    schema: request.schema
      ? z.toJSONSchema(request.schema, { unrepresentable: "any", io: "input" })
      : undefined,
  });
}

/** A stable sha256 of a cassette request: the same request always gives the same hash. */
export function hashCassetteRequest(request: CassetteRequest): string {
  return createHash("sha256").update(stableStringify(request)).digest("hex");
}

/** JSON with object keys sorted at every depth, so key order never changes a hash. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested && typeof nested === "object" && !Array.isArray(nested)) {
      return Object.fromEntries(
        Object.entries(nested as Record<string, unknown>).sort(([a], [b]) =>
          a < b ? -1 : a > b ? 1 : 0,
        ),
      );
    }
    return nested;
  });
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, nested]) => nested !== undefined),
  ) as T;
}
