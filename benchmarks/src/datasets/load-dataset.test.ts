import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDatasets } from "../test-support/shared-datasets.js";
import { CUSTOM_CATEGORIES, type CustomProblem } from "./benchmark-problem.js";
import { DatasetError } from "./dataset-error.js";
import { loadCustomTasks } from "./load-custom-tasks.js";
import { loadDataset } from "./load-dataset.js";
import { parseHumanEval } from "./load-human-eval.js";
import { parseHumanEvalPlus } from "./load-human-eval-plus.js";
import { loadMbpp, mbppTestSplit, parseMbpp, parseSanitizedMbpp } from "./load-mbpp.js";
import { PUBLISHED_DATASETS } from "./published-datasets.js";

const shared = sharedDatasets();

describe.skipIf(!shared.available)(`the shared datasets ${shared.reason}`, () => {
  const location = { dataDir: shared.dir };

  it("HumanEval has 164 problems with prompts, tests and entry points", async () => {
    const dataset = await loadDataset("humaneval", location);
    expect(dataset.problems).toHaveLength(164);
    expect(dataset.sha256).toBe(PUBLISHED_DATASETS.humaneval.sha256);
    const first = dataset.problems[0];
    expect(first).toMatchObject({ id: "HumanEval/0", entryPoint: "has_close_elements" });
    expect(first?.dataset === "humaneval" && first.test).toContain("def check(candidate)");
    expect(new Set(dataset.problems.map((problem) => problem.id)).size).toBe(164);
  });

  it("HumanEval+ has the same 164 problems with base and plus inputs", async () => {
    const dataset = await loadDataset("humaneval-plus", location);
    expect(dataset.problems).toHaveLength(164);
    const problems = dataset.problems.filter((problem) => problem.dataset === "humaneval-plus");
    expect(problems).toHaveLength(164);
    const inputs = problems.reduce((sum, p) => sum + p.baseInput.length + p.plusInput.length, 0);
    expect(inputs / problems.length).toBeGreaterThan(500);
    expect(problems.find((problem) => problem.id === "HumanEval/32")?.atol).toBe(0.0001);
  });

  it("MBPP full has 974 problems; the standard test split is ids 11 to 510", async () => {
    const dataset = await loadMbpp(location);
    expect(dataset.problems).toHaveLength(974);
    const problems = dataset.problems;
    const split = mbppTestSplit(problems);
    expect(split).toHaveLength(500);
    expect(split[0]?.taskId).toBe(11);
    expect(split.at(-1)?.taskId).toBe(510);
    expect(problems.find((problem) => problem.taskId === 367)?.testSetupCode).toContain("Node(1)");
  });

  it("sanitized MBPP has 427 problems with their test imports", async () => {
    const dataset = await loadDataset("mbpp-sanitized", location);
    expect(dataset.problems).toHaveLength(427);
    expect(dataset.problems.every((problem) => problem.dataset === "mbpp-sanitized")).toBe(true);
  });
});

describe("dataset parsers on fixtures", () => {
  it("parse each format's fields", () => {
    const humanEval = parseHumanEval(
      `${JSON.stringify({ task_id: "HumanEval/7", prompt: "def f():\n", canonical_solution: "    return 1\n", test: "def check(c):\n    assert c() == 1\n", entry_point: "f" })}\n\n`,
    );
    expect(humanEval).toEqual([
      {
        dataset: "humaneval",
        id: "HumanEval/7",
        prompt: "def f():\n",
        canonicalSolution: "    return 1\n",
        test: "def check(c):\n    assert c() == 1\n",
        entryPoint: "f",
      },
    ]);
    const line =
      '{"task_id":"HumanEval/1","prompt":"def f(x):\\n","canonical_solution":"    return x\\n","test":"t","entry_point":"f","contract":"","base_input":[[123456789012345678901234567890]],"plus_input":[[1],[2]],"atol":0}';
    const [plus] = parseHumanEvalPlus(line);
    expect(plus?.baseInput).toHaveLength(1);
    expect(plus?.plusInput).toHaveLength(2);
    // The line is kept as written so Python sees the big integer exactly.
    expect(plus?.sourceLine).toContain("123456789012345678901234567890");

    const [mbpp] = parseMbpp(
      JSON.stringify({
        task_id: 12,
        text: "Add.",
        code: "def add(a, b): return a + b",
        test_list: ["assert add(1, 2) == 3"],
        test_setup_code: "",
        challenge_test_list: [],
      }),
    );
    expect(mbpp).toMatchObject({ id: "12", taskId: 12, testList: ["assert add(1, 2) == 3"] });
    const [sanitized] = parseSanitizedMbpp(
      JSON.stringify([
        {
          task_id: 2,
          prompt: "Find.",
          code: "x = 1",
          test_imports: ["import math"],
          test_list: ["assert x == 1"],
        },
      ]),
    );
    expect(sanitized).toMatchObject({
      dataset: "mbpp-sanitized",
      text: "Find.",
      testImports: ["import math"],
    });
  });

  it("name the file and line of an entry that is not what the dataset promises", () => {
    const text = `${JSON.stringify({ task_id: "A", prompt: "", canonical_solution: "", test: "t", entry_point: "f" })}\n{"task_id": "B", "prompt": 3}\n`;
    expect(() => parseHumanEval(text, "HumanEval.jsonl")).toThrow(DatasetError);
    expect(() => parseHumanEval(text, "HumanEval.jsonl")).toThrow(
      /HumanEval.jsonl line 2 .*prompt/,
    );
    expect(() => parseMbpp("{not json", "mbpp.jsonl")).toThrow(
      /mbpp.jsonl line 1 is not valid JSON/,
    );
  });
});

describe("the custom task set", () => {
  it("has 25 tasks over the six categories, each with a reference solution", async () => {
    const dataset = await loadCustomTasks();
    const problems = dataset.problems as readonly CustomProblem[];
    expect(problems).toHaveLength(25);
    const counts = Object.fromEntries(CUSTOM_CATEGORIES.map((category) => [category, 0]));
    for (const problem of problems) counts[problem.category] = (counts[problem.category] ?? 0) + 1;
    expect(counts).toEqual({
      data_processing: 5,
      algorithm: 5,
      string_manipulation: 3,
      file_io: 4,
      multi_step: 5,
      error_handling: 3,
    });
    for (const problem of problems) {
      expect(problem.testAssertions.length, problem.id).toBeGreaterThanOrEqual(2);
      expect(problem.solution.length, problem.id).toBeGreaterThan(20);
    }
  });

  it("rejects duplicate ids and names a missing solution file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "codeforge-custom-"));
    const task = {
      id: "t1",
      category: "algorithm",
      description: "Write a function that does a thing well.",
      difficulty: "easy",
      test_assertions: ["assert f() == 1", "assert f() != 2"],
      expected_imports: [],
      timeout_seconds: 5,
      solution: "solutions/t1.py",
    };
    await writeFile(join(dir, "tasks.json"), JSON.stringify([task, task]));
    await expect(loadCustomTasks(dir)).rejects.toThrow(/task id t1 twice/);
    await writeFile(join(dir, "tasks.json"), JSON.stringify([task]));
    await expect(loadCustomTasks(dir)).rejects.toThrow(
      /reference solution of custom task t1 is missing/,
    );
  });
});
