import { z } from "zod";
import { TASK_COMPLEXITIES } from "../task/task-complexity.js";

/** The complexity tiers under the agents' older names: the same list as `TASK_COMPLEXITIES`. */
export {
  TASK_COMPLEXITIES as COMPLEXITIES,
  type TaskComplexity as Complexity,
} from "../task/task-complexity.js";

/**
 * One step of a plan. Schemas of model output stay within what OpenAI's strict structured
 * outputs accept (no string lengths, every field required); the rest is checked after.
 */
export const SubtaskSchema = z.object({
  id: z.number().int().min(1),
  description: z.string(),
  dependencies: z.array(z.number().int()),
  estimated_complexity: z.enum(TASK_COMPLEXITIES),
});
export type Subtask = z.infer<typeof SubtaskSchema>;

/** What the planner returns: 1–6 subtasks, the last one integrating the rest into one program. */
export const PlanSchema = z.object({
  reasoning: z.string(),
  subtasks: z.array(SubtaskSchema).min(1).max(6),
});
export type Plan = z.infer<typeof PlanSchema>;

/**
 * Checks what a schema cannot: ids 1..n in order, dependencies on earlier known ids only,
 * no self-dependency, no cycle, and the last subtask an integration step (it depends on, or
 * is, everything before it). Returns the problems in words a model can act on; empty when valid.
 */
export function validatePlan(plan: Plan): string[] {
  const problems: string[] = [];
  const ids = plan.subtasks.map((subtask) => subtask.id);
  plan.subtasks.forEach((subtask, index) => {
    if (!subtask.description.trim()) problems.push(`subtask ${index + 1} has an empty description`);
    if (subtask.id !== index + 1) {
      problems.push(`subtask ${index + 1} has id ${subtask.id}: ids must be 1..n in order`);
    }
    for (const dependency of subtask.dependencies) {
      if (dependency === subtask.id) {
        problems.push(`subtask ${subtask.id} depends on itself`);
      } else if (!ids.includes(dependency)) {
        problems.push(`subtask ${subtask.id} depends on unknown subtask ${dependency}`);
      } else if (dependency > subtask.id) {
        problems.push(
          `subtask ${subtask.id} depends on later subtask ${dependency}: dependencies must come earlier`,
        );
      }
    }
  });
  if (problems.length === 0 && topologicalOrder(plan) === undefined) {
    problems.push("the dependencies form a cycle");
  }
  const last = plan.subtasks.at(-1);
  if (last && plan.subtasks.length > 1) {
    const reachable = ancestors(plan, last.id);
    const missing = plan.subtasks.filter(
      (subtask) => subtask.id !== last.id && !reachable.has(subtask.id),
    );
    if (missing.length > 0) {
      problems.push(
        `the last subtask must integrate every earlier one into one runnable program, but it does not depend (directly or indirectly) on ${missing.map((subtask) => subtask.id).join(", ")}`,
      );
    }
  }
  return problems;
}

/** Subtasks in an order where each comes after its dependencies; undefined when there is a cycle. */
export function topologicalOrder(plan: Plan): Subtask[] | undefined {
  const byId = new Map(plan.subtasks.map((subtask) => [subtask.id, subtask]));
  const state = new Map<number, "visiting" | "done">();
  const order: Subtask[] = [];
  const visit = (subtask: Subtask): boolean => {
    const seen = state.get(subtask.id);
    if (seen === "done") return true;
    if (seen === "visiting") return false;
    state.set(subtask.id, "visiting");
    for (const dependency of subtask.dependencies) {
      const next = byId.get(dependency);
      if (next && !visit(next)) return false;
    }
    state.set(subtask.id, "done");
    order.push(subtask);
    return true;
  };
  for (const subtask of plan.subtasks) if (!visit(subtask)) return undefined;
  return order;
}

function ancestors(plan: Plan, id: number): Set<number> {
  const byId = new Map(plan.subtasks.map((subtask) => [subtask.id, subtask]));
  const found = new Set<number>();
  const stack = [...(byId.get(id)?.dependencies ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as number;
    if (found.has(next)) continue;
    found.add(next);
    stack.push(...(byId.get(next)?.dependencies ?? []));
  }
  return found;
}

/** The one-step plan used for a task rated simple: no planner call is made. */
export function singleStepPlan(task: string): Plan {
  return {
    reasoning: "Rated simple: planned as one step without a planner call.",
    subtasks: [{ id: 1, description: task, dependencies: [], estimated_complexity: "simple" }],
  };
}
