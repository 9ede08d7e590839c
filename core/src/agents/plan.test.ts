import { describe, expect, it } from "vitest";
import { type Plan, singleStepPlan, topologicalOrder, validatePlan } from "./plan.js";

function plan(...subtasks: Array<[number, number[]]>): Plan {
  return {
    reasoning: "r",
    subtasks: subtasks.map(([id, dependencies]) => ({
      id,
      description: `step ${id}`,
      dependencies,
      estimated_complexity: "simple",
    })),
  };
}

describe("validatePlan", () => {
  it("accepts ids in order with earlier dependencies and an integration step last", () => {
    expect(validatePlan(plan([1, []], [2, []], [3, [1, 2]]))).toEqual([]);
    expect(validatePlan(plan([1, []], [2, [1]], [3, [2]]))).toEqual([]);
    expect(validatePlan(singleStepPlan("x"))).toEqual([]);
  });

  it("names ids out of order", () => {
    expect(validatePlan(plan([1, []], [3, [1]]))).toContain(
      "subtask 2 has id 3: ids must be 1..n in order",
    );
  });

  it("names unknown, self and later dependencies", () => {
    const problems = validatePlan(plan([1, [1]], [2, [1, 9]], [3, [1, 2, 4]]));
    expect(problems).toContain("subtask 1 depends on itself");
    expect(problems).toContain("subtask 2 depends on unknown subtask 9");
    expect(problems).toContain("subtask 3 depends on unknown subtask 4");
  });

  it("refuses a forward dependency, which is also how a cycle shows", () => {
    expect(validatePlan(plan([1, [2]], [2, [1]]))).toContain(
      "subtask 1 depends on later subtask 2: dependencies must come earlier",
    );
  });

  it("requires the last step to integrate every earlier one", () => {
    expect(validatePlan(plan([1, []], [2, []], [3, [2]])).at(-1)).toContain(
      "does not depend (directly or indirectly) on 1",
    );
  });
});

describe("topologicalOrder", () => {
  it("orders dependencies first and detects cycles", () => {
    const ordered = topologicalOrder(plan([1, [3]], [2, []], [3, [2]]));
    expect(ordered?.map((subtask) => subtask.id)).toEqual([2, 3, 1]);
    expect(topologicalOrder(plan([1, [2]], [2, [1]]))).toBeUndefined();
  });
});
