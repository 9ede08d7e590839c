import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isStrictCompatible, toJsonSchema } from "./json-schema.js";

describe("toJsonSchema", () => {
  it("produces draft-7 JSON Schema without the $schema marker", () => {
    expect(toJsonSchema(z.object({ level: z.enum(["simple", "hard"]) }))).toEqual({
      type: "object",
      properties: { level: { type: "string", enum: ["simple", "hard"] } },
      required: ["level"],
      additionalProperties: false,
    });
  });
});

describe("isStrictCompatible", () => {
  it("accepts closed objects whose properties are all required, nested ones included", () => {
    const Review = z.object({
      root_cause: z.string(),
      confidence: z.number().min(0).max(1),
      changes_made: z.array(z.object({ file: z.string(), summary: z.string() })),
      error_type: z.enum(["syntax", "logic"]),
      note: z.string().nullable(),
    });

    expect(isStrictCompatible(toJsonSchema(Review))).toBe(true);
  });

  it("rejects optional fields, records, open objects and non-object roots", () => {
    expect(isStrictCompatible(toJsonSchema(z.object({ a: z.string().optional() })))).toBe(false);
    expect(
      isStrictCompatible(toJsonSchema(z.object({ a: z.record(z.string(), z.number()) }))),
    ).toBe(false);
    expect(isStrictCompatible(toJsonSchema(z.looseObject({ a: z.string() })))).toBe(false);
    expect(isStrictCompatible(toJsonSchema(z.array(z.string())))).toBe(false);
    expect(
      isStrictCompatible(
        toJsonSchema(z.object({ items: z.array(z.object({ b: z.number().optional() })) })),
      ),
    ).toBe(false);
  });
});
