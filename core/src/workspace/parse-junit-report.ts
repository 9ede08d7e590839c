import { XMLParser } from "fast-xml-parser";
import {
  createTestReport,
  relativeReportPath,
  shortMessage,
  type TestCaseResult,
  type TestReport,
} from "./test-report.js";

/** Where the tests ran, to make the report's paths relative. */
export interface ReportPathOptions {
  /** The repository's root in the runner, e.g. `/workspace`. */
  root: string;
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: true,
  // Numeric references: pytest writes line breaks in messages as &#10;.
  htmlEntities: true,
  isArray: (name) => ["testsuite", "testcase", "failure", "error", "skipped"].includes(name),
});

/**
 * Reads a JUnit XML report (pytest's `--junitxml`, `node --test --test-reporter=junit`) into
 * a {@link TestReport}. A test's file comes from its `file` attribute (pytest writes it with
 * `junit_family=xunit1`), else from a pytest class name (`tests.test_time` →
 * `tests/test_time.py`). Throws when the text is not a JUnit report.
 *
 * @example
 * parseJunitReport(xml, { root: "/workspace" }).failed; // 1
 */
export function parseJunitReport(xml: string, options: ReportPathOptions): TestReport {
  let document: XmlNode;
  try {
    document = parser.parse(xml, true) as XmlNode;
  } catch (error) {
    throw new Error(`the JUnit report is not well-formed XML: ${(error as Error).message}`);
  }
  const root = (document.testsuites ?? document.testsuite) as unknown;
  if (root === undefined) throw new Error("the JUnit report has no <testsuites> or <testsuite>");
  const tests: TestCaseResult[] = [];
  const visit = (node: XmlNode) => {
    for (const testcase of asArray(node.testcase)) tests.push(...testCase(testcase, options));
    for (const suite of asArray(node.testsuite)) visit(suite);
  };
  for (const node of asArray(root)) visit(node);
  return createTestReport(tests);
}

function testCase(node: XmlNode, options: ReportPathOptions): TestCaseResult[] {
  const rawName = String(node["@name"] ?? "");
  const fileAttribute = node["@file"];
  const file =
    typeof fileAttribute === "string" && fileAttribute !== ""
      ? relativeReportPath(fileAttribute, options.root)
      : fileFromClassName(String(node["@classname"] ?? ""));
  const className = String(node["@classname"] ?? "");
  const classPath = file?.endsWith(".py") ? classPrefix(className, file) : "";
  const name = classPath === "" ? rawName : `${classPath}::${rawName}`;
  const error = asArray(node.error)[0];
  const failure = asArray(node.failure)[0];
  const skipped = asArray(node.skipped)[0];
  // Node writes a file that ran no test (it crashed, or exited early) as a test named after the file.
  const fileLevel =
    file !== null &&
    (rawName === file || file.endsWith(`/${rawName}`) || rawName.endsWith(`/${file}`));
  if (error !== undefined || (failure !== undefined && fileLevel)) {
    return [{ name, file, outcome: "errored", message: messageOf(error ?? failure) }];
  }
  if (failure !== undefined)
    return [{ name, file, outcome: "failed", message: messageOf(failure) }];
  if (fileLevel) return [];
  if (skipped !== undefined) return [{ name, file, outcome: "skipped" }];
  return [{ name, file, outcome: "passed" }];
}

/**
 * The classes around a pytest test, as in its node id: class name `tests.test_a.TestGroup`
 * of a test in `tests/test_a.py` gives `TestGroup`, so the test is `TestGroup::test_x`.
 */
function classPrefix(className: string, file: string): string {
  const module = file.slice(0, -".py".length).split("/").join(".");
  if (!className.startsWith(`${module}.`)) return "";
  return className
    .slice(module.length + 1)
    .split(".")
    .join("::");
}

function fileFromClassName(className: string): string | null {
  if (className === "") return null;
  const parts = className.split(".");
  // pytest: module path then optional classes (capitalised by convention).
  while (parts.length > 1 && /^[A-Z]/.test(parts.at(-1) ?? "")) parts.pop();
  return `${parts.join("/")}.py`;
}

function messageOf(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === "string") return shortMessage(node);
  const message = node["@message"];
  return shortMessage(
    typeof message === "string" && message !== "" ? message : String(node["#text"] ?? ""),
  );
}

function asArray(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as XmlNode[];
}
