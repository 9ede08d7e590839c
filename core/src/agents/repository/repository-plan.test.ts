import { describe, expect, it } from "vitest";
import { createSnapshot } from "../../workspace/index.js";
import {
  MAX_PLANNED_FILE_TOKENS,
  MAX_PLANNED_FILES,
  type RepositoryPlan,
  validateRepositoryPlan,
} from "./repository-plan.js";

const snapshot = createSnapshot([
  { path: "app.py", size: 12, content: "def f():\n    return 1\n" },
  { path: "big.py", size: 1, content: "x = 1\n".repeat(MAX_PLANNED_FILE_TOKENS) },
  { path: "logo.png", size: 9, content: null, skipped: "binary" },
]);

const plan = (files: string[]): RepositoryPlan => ({
  reasoning: "r",
  subtasks: [{ id: 1, description: "change", dependencies: [], estimated_complexity: "simple" }],
  files,
});

describe("validateRepositoryPlan", () => {
  it("accepts existing text files within the bounds", () => {
    expect(validateRepositoryPlan(plan(["app.py"]), snapshot)).toEqual([]);
  });

  it("names every file that is missing, unreadable, too many or too large to read", () => {
    const problems = validateRepositoryPlan(
      plan([
        "nowhere.py",
        "logo.png",
        "big.py",
        ...Array.from({ length: MAX_PLANNED_FILES }, () => "app.py"),
      ]),
      snapshot,
    );

    expect(problems.join("\n")).toContain('"nowhere.py", which is not in the repository map');
    expect(problems.join("\n")).toContain('"logo.png", which is not a readable text file (binary)');
    expect(problems.join("\n")).toContain(`name at most ${MAX_PLANNED_FILES}`);
    expect(problems.join("\n")).toMatch(/files hold \d+ tokens, more than 12000/);
  });
});
