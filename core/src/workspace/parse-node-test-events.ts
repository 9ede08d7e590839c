import { z } from "zod";
import type { ReportPathOptions } from "./parse-junit-report.js";
import {
  createTestReport,
  relativeReportPath,
  shortMessage,
  type TestCaseResult,
  type TestReport,
} from "./test-report.js";

/**
 * One line of the report the sandbox's `node --test` reporter writes: a finished test as
 * Node's test runner announced it (`test:pass` / `test:fail`). Node 18 and later emit
 * these events; the file comes with every one, unlike in Node 18's TAP output.
 */
export const NodeTestEventSchema = z.object({
  type: z.enum(["test:pass", "test:fail"]),
  name: z.string(),
  nesting: z.number().int().min(0),
  file: z.string().nullish(),
  /** `test` or `suite` (Node 20 and later; absent in Node 18). */
  kind: z.string().nullish(),
  skip: z.boolean().optional(),
  todo: z.boolean().optional(),
  error: z.string().nullish(),
});

export type NodeTestEvent = z.infer<typeof NodeTestEventSchema>;

/**
 * The source of the reporter module `node --test --test-reporter=<file>` loads: it writes
 * one JSON line per finished test ({@link NodeTestEventSchema}). Plain JavaScript, so any
 * Node from 18.17 on runs it.
 */
export const NODE_TEST_REPORTER_SOURCE = `export default async function* codeforgeReporter(source) {
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const data = event.data;
    const error = data.details && data.details.error;
    const cause = error && error.cause;
    yield JSON.stringify({
      type: event.type,
      name: String(data.name),
      nesting: data.nesting,
      file: data.file ?? null,
      kind: (data.details && data.details.type) ?? null,
      skip: data.skip !== undefined && data.skip !== false,
      todo: data.todo !== undefined && data.todo !== false,
      error: error ? String((cause && cause.message) || error.message || error).slice(0, 2000) : null,
    }) + "\\n";
  }
}
`;

/**
 * Reads the JSON lines of the sandbox's Node test reporter into a {@link TestReport}.
 * Only leaf tests count (a suite or a test with subtests is their sum); a test file that ran
 * no test — it exited early or crashed on load, which Node reports as a test named after
 * the file — counts as errored when it failed and not at all when it "passed". Lines that
 * are not events are ignored.
 */
export function parseNodeTestEvents(text: string, options: ReportPathOptions): TestReport {
  const events: NodeTestEvent[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const parsed = NodeTestEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
    } catch {
      // A torn last line (the run was killed while writing) carries nothing usable.
    }
  }
  const tests: TestCaseResult[] = [];
  // Children finish before their parent: an event at nesting n is a leaf unless events at
  // nesting n + 1 came since the last event at nesting n or above.
  const childrenSeen: boolean[] = [];
  // Tests below the parent still open at each nesting, to be prefixed with its name.
  const pending: number[][] = [];
  for (const event of events) {
    const hasChildren = childrenSeen[event.nesting + 1] === true;
    childrenSeen[event.nesting + 1] = false;
    childrenSeen[event.nesting] = true;
    const below = pending[event.nesting + 1] ?? [];
    pending[event.nesting + 1] = [];
    for (const index of below) {
      const test = tests[index];
      if (test) test.name = `${event.name} > ${test.name}`;
    }
    pending[event.nesting] = [...(pending[event.nesting] ?? []), ...below];
    if (hasChildren || event.kind === "suite") continue;
    const file = event.file ? relativeReportPath(event.file, options.root) : null;
    const fileLevel =
      event.nesting === 0 &&
      file !== null &&
      (event.name === file ||
        event.file === event.name ||
        file.endsWith(`/${event.name}`) ||
        event.name.endsWith(`/${file}`));
    const message = shortMessage(event.error ?? undefined);
    if (fileLevel) {
      if (event.type === "test:fail")
        tests.push({ name: event.name, file, outcome: "errored", message });
      continue;
    }
    const name = event.name;
    pending[event.nesting]?.push(tests.length);
    if (event.skip || event.todo) tests.push({ name, file, outcome: "skipped" });
    else if (event.type === "test:pass") tests.push({ name, file, outcome: "passed" });
    else tests.push({ name, file, outcome: "failed", message });
  }
  return createTestReport(tests);
}
