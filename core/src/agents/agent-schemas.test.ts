import { describe, expect, it } from "vitest";
import { isStrictCompatible, toJsonSchema } from "../llm/structured/json-schema.js";
import { CodeSegmentSchema } from "./code-segment.js";
import { PlanSchema } from "./plan.js";
import { ReviewSchema } from "./review.js";

describe("agent output schemas", () => {
  // Otherwise OpenAI falls back to JSON mode with the schema spelled out in the prompt:
  // more tokens and no guarantee of the shape.
  it.each([
    ["plan", PlanSchema],
    ["code", CodeSegmentSchema],
    ["review", ReviewSchema],
  ])("%s fits OpenAI's strict structured outputs", (_name, schema) => {
    expect(isStrictCompatible(toJsonSchema(schema))).toBe(true);
  });

  it("rejects a review whose confidence is out of range or whose error type is unknown", () => {
    const review = {
      root_cause: "x",
      error_type: "logic_error",
      fix_description: "y",
      fixed_code: "print(1)",
      fixed_tests: null,
      confidence: 0.5,
      changes_made: [],
    };
    expect(ReviewSchema.safeParse(review).success).toBe(true);
    expect(ReviewSchema.safeParse({ ...review, confidence: 1.2 }).success).toBe(false);
    expect(ReviewSchema.safeParse({ ...review, error_type: "bad_luck" }).success).toBe(false);
    const { fixed_code: _dropped, ...missing } = review;
    expect(ReviewSchema.safeParse(missing).success).toBe(false);
  });
});
