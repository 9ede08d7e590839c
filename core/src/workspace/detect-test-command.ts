import type { Language } from "../executor/executor.js";
import type { WorkspaceSnapshot } from "./workspace-snapshot.js";

/** The test runners CodeForge reads a machine-readable report from; `custom` gives none. */
export const TEST_RUNNERS = ["pytest", "node-test", "npm-test", "custom"] as const;

export type TestRunner = (typeof TEST_RUNNERS)[number];

/** How a repository's tests run. */
export interface TestCommand {
  runner: TestRunner;
  /** A shell command line, run from the repository's root. */
  command: string;
  /** The sandbox image it needs. */
  language: Language;
  /** From the repository's configuration, or detected from its files. */
  source: "config" | "detected";
}

/** The `test` script `npm init` writes, which runs no test. */
const NPM_PLACEHOLDER_TEST = /no test specified/;

/**
 * The repository's test command: the configured one (`repository.testCommand`) when given,
 * else detected from its files —
 *
 * - `python3 -m pytest` when pytest is configured (`pytest.ini`, `[tool.pytest…]` in
 *   `pyproject.toml`, `[tool:pytest]` in `setup.cfg`, `[pytest]` in `tox.ini`, a
 *   `conftest.py`);
 * - else `npm test` when `package.json` has a real `test` script;
 * - else `python3 -m pytest` when there are Python tests (`tests/*.py`, `test_*.py`, `*_test.py`);
 * - else `node --test` for a Node package (`package.json`) or `*.test.js`-style files.
 *
 * Undefined when nothing says how the tests run.
 *
 * @example
 * detectTestCommand(snapshot); // { runner: "pytest", command: "python3 -m pytest", language: "python", source: "detected" }
 */
export function detectTestCommand(
  snapshot: WorkspaceSnapshot,
  configured?: string,
): TestCommand | undefined {
  const paths = snapshot.files.map((file) => file.path);
  const text = (path: string) => snapshot.files.find((file) => file.path === path)?.content ?? "";
  const has = (path: string) => paths.includes(path);
  if (configured !== undefined && configured.trim() !== "") {
    const command = configured.trim();
    const runner = runnerOf(command);
    const language: Language =
      runner === "pytest"
        ? "python"
        : runner === "custom" && !has("package.json")
          ? "python"
          : "node";
    return { runner, command, language, source: "config" };
  }
  const detected = (runner: TestRunner, command: string, language: Language): TestCommand => ({
    runner,
    command,
    language,
    source: "detected",
  });
  const pytestConfigured =
    has("pytest.ini") ||
    /^\[tool\.pytest[\].]/m.test(text("pyproject.toml")) ||
    /^\[tool:pytest\]/m.test(text("setup.cfg")) ||
    /^\[pytest\]/m.test(text("tox.ini")) ||
    paths.some((path) => path === "conftest.py" || path.endsWith("/conftest.py"));
  if (pytestConfigured) return detected("pytest", "python3 -m pytest", "python");
  if (has("package.json") && hasTestScript(text("package.json"))) {
    return detected("npm-test", "npm test", "node");
  }
  const pythonTests = paths.some(
    (path) =>
      path.endsWith(".py") &&
      (/(^|\/)tests?\//.test(path) ||
        /(^|\/)test_[^/]*\.py$/.test(path) ||
        /_test\.py$/.test(path)),
  );
  if (pythonTests) return detected("pytest", "python3 -m pytest", "python");
  const nodeTests = paths.some((path) =>
    /(^|\/)[^/]*[._-]test\.[cm]?[jt]s$|(^|\/)test\/[^/]*\.[cm]?js$/.test(path),
  );
  if (has("package.json") || nodeTests) return detected("node-test", "node --test", "node");
  return undefined;
}

/** The runner a configured command line uses, for the report options it takes. */
export function runnerOf(command: string): TestRunner {
  if (/^(python3?\s+-m\s+)?(py\.test|pytest)(\s|$)/.test(command)) return "pytest";
  if (/^node\s+(\S+\s+)*--test(\s|$)/.test(command)) return "node-test";
  if (/^npm\s+(test|t|run\s+test)(\s|$)/.test(command)) return "npm-test";
  return "custom";
}

function hasTestScript(packageJson: string): boolean {
  try {
    const parsed: unknown = JSON.parse(packageJson);
    const script = (parsed as { scripts?: { test?: unknown } }).scripts?.test;
    return typeof script === "string" && script.trim() !== "" && !NPM_PLACEHOLDER_TEST.test(script);
  } catch {
    return false;
  }
}
