import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { judgeTestRun } from "./judge-test-run.js";
import { parseJunitReport } from "./parse-junit-report.js";
import { parseNodeTestEvents } from "./parse-node-test-events.js";
import { createTestReport } from "./test-report.js";

/** Reports recorded from real runs (pytest 9, Node 24 on the host; Node 18 in the sandbox image). */
const recorded = (name: string) =>
  readFile(new URL(`./test-support/reports/${name}`, import.meta.url), "utf8");
const root = { root: "/workspace" };

describe("parseJunitReport", () => {
  it("reads pytest's report: passed, failed, errored (a broken fixture), skipped, files from the file attribute", async () => {
    const report = parseJunitReport(await recorded("pytest-junit.xml"), root);
    expect({ ...report, tests: undefined }).toEqual({
      tests: undefined,
      passed: 6,
      failed: 1,
      errored: 1,
      skipped: 1,
    });
    expect(report.tests).toContainEqual({
      name: "test_fails",
      file: "tests/test_mixed.py",
      outcome: "failed",
      message: "AssertionError: one is not two\nassert 1 == 2",
    });
    expect(report.tests).toContainEqual(
      expect.objectContaining({ name: "test_errors", outcome: "errored" }),
    );
    expect(report.tests).toContainEqual({
      name: "TestGroup::test_in_class",
      file: "tests/test_mixed.py",
      outcome: "passed",
    });
    expect(report.tests).toContainEqual({
      name: "test_parse_duration_adds_units",
      file: "tests/test_durations.py",
      outcome: "passed",
    });
  });

  it("counts a module pytest could not collect as errored", async () => {
    const report = parseJunitReport(await recorded("pytest-collection-error.xml"), root);
    expect(report.errored).toBe(1);
    expect(report.tests[0]).toMatchObject({
      file: "tests/test_broken_import.py",
      outcome: "errored",
      message: "collection failure",
    });
  });

  it("reads Node's junit reporter, dropping the entry of a test file that ran no test", async () => {
    const report = parseJunitReport(await recorded("node24-junit.xml"), root);
    expect(report.tests.map((test) => [test.file, test.name, test.outcome])).toEqual([
      ["test/bad.test.js", "fails", "failed"],
      ["test/cart.test.js", "an empty cart costs nothing", "passed"],
      ["test/cart.test.js", "a cart adds price times quantity", "passed"],
      ["test/skip.test.js", "skipped one", "skipped"],
      // Test cases of a level come before its nested suites.
      ["test/money.test.js", "shows two decimals", "passed"],
      ["test/skip.test.js", "inner a", "passed"],
    ]);
  });

  it("takes a pytest file from the class name when there is no file attribute", () => {
    const xml = `<testsuite><testcase classname="tests.test_time.TestParse" name="test_a"/></testsuite>`;
    expect(parseJunitReport(xml, root).tests[0]).toMatchObject({
      file: "tests/test_time.py",
      name: "TestParse::test_a",
    });
  });

  it("refuses text that is no JUnit report", () => {
    expect(() => parseJunitReport("<html></html>", root)).toThrow(/no <testsuites>/);
  });
});

describe("parseNodeTestEvents", () => {
  it.each(["node24-events.jsonl", "node18-events.jsonl"])(
    "reads %s: leaves only, suites as name prefixes, skips, the early-exit file ignored",
    async (name) => {
      const report = parseNodeTestEvents(await recorded(name), root);
      expect(report.tests.map((test) => [test.file, test.name, test.outcome])).toEqual([
        ["test/bad.test.js", "fails", "failed"],
        ["test/cart.test.js", "an empty cart costs nothing", "passed"],
        ["test/cart.test.js", "a cart adds price times quantity", "passed"],
        ["test/money.test.js", "formatPrice > shows two decimals", "passed"],
        ["test/skip.test.js", "skipped one", "skipped"],
        ["test/skip.test.js", "outer > inner a", "passed"],
      ]);
      expect(report.tests[0]?.message).toMatch(/1 !== 2/);
      expect([report.passed, report.failed, report.errored, report.skipped]).toEqual([4, 1, 0, 1]);
    },
  );

  it("counts a test file that failed without running a test as errored", () => {
    const line = JSON.stringify({
      type: "test:fail",
      name: "/workspace/test/crash.test.js",
      nesting: 0,
      file: "/workspace/test/crash.test.js",
      error: "SyntaxError: Unexpected token",
    });
    const report = parseNodeTestEvents(`${line}\n{"torn":`, root);
    expect(report.tests).toEqual([
      {
        name: "/workspace/test/crash.test.js",
        file: "test/crash.test.js",
        outcome: "errored",
        message: "SyntaxError: Unexpected token",
      },
    ]);
  });
});

describe("judgeTestRun", () => {
  const passing = createTestReport([
    { name: "test_a", file: "tests/test_a.py", outcome: "passed" },
    { name: "test_new", file: "tests/test_new.py", outcome: "passed" },
  ]);

  it("passes a run that exited 0 with tests, none broken, the required ones among them", () => {
    const verdict = judgeTestRun({
      exitCode: 0,
      timedOut: false,
      report: passing,
      requiredTests: [{ file: "tests/test_new.py" }, { file: "tests/test_a.py", name: "test_a" }],
    });
    expect(verdict).toEqual({ passed: true, reasons: [] });
  });

  it("fails a run whose required test file did not run", () => {
    const verdict = judgeTestRun({
      exitCode: 0,
      timedOut: false,
      report: passing,
      requiredTests: [{ file: "tests/test_other.py" }, { file: "tests/test_a.py", name: "test_b" }],
    });
    expect(verdict.reasons).toEqual([
      "tests/test_other.py: none of its tests ran",
      "tests/test_a.py: the test test_b did not run",
    ]);
  });

  it("fails a run that exited 0 without a report or without tests", () => {
    expect(judgeTestRun({ exitCode: 0, timedOut: false, report: undefined }).reasons).toEqual([
      "the test runner wrote no report, so no test is known to have run",
    ]);
    const onlySkipped = createTestReport([{ name: "t", file: "a.py", outcome: "skipped" }]);
    expect(judgeTestRun({ exitCode: 0, timedOut: false, report: onlySkipped }).reasons).toEqual([
      "no test ran",
    ]);
  });

  it("fails a broken test even when the command exited 0, naming it", () => {
    const report = createTestReport([
      ...passing.tests,
      { name: "test_c", file: "tests/test_c.py", outcome: "errored" },
    ]);
    expect(judgeTestRun({ exitCode: 0, timedOut: false, report }).reasons).toEqual([
      "0 failed and 1 errored: tests/test_c.py: test_c",
    ]);
  });

  it("fails a non-zero exit, a timeout and an out-of-memory kill", () => {
    expect(judgeTestRun({ exitCode: 2, timedOut: false, report: passing }).reasons).toEqual([
      "the test command exited with code 2",
    ]);
    expect(judgeTestRun({ exitCode: null, timedOut: true, report: passing }).passed).toBe(false);
    expect(
      judgeTestRun({ exitCode: 137, timedOut: false, oomKilled: true, report: passing }).reasons,
    ).toEqual(["the test command ran out of memory"]);
  });
});
