import { describe, expect, it } from "vitest";
import { renderPullRequestBody } from "./render-pull-request-body.js";
import { sampleResult } from "./test-support/sample-run.js";

describe("renderPullRequestBody", () => {
  it("has Fixes #n, the plan, diff stats, tests, repair history, tokens and cost", () => {
    const body = renderPullRequestBody(sampleResult(), {
      issueNumber: 7,
      task: "Add parse_duration",
      requestedBy: "alice",
      commentUrl: "https://github.com/octo/app/issues/7#issuecomment-1",
    });

    expect(body.startsWith("Fixes #7\n")).toBe(true);
    expect(body).toContain(
      "@alice [asked](https://github.com/octo/app/issues/7#issuecomment-1):\n\n> Add parse_duration",
    );
    expect(body).toContain("## Plan\n\n1. Add parse_duration\n2. Test it");
    expect(body).toContain("1 file changed, +12 −1");
    expect(body).toContain("| `pkg/time.py` | modified | +12 | −1 |");
    expect(body).toContain("`pytest -q` — ✅ passed: 2 passed, 0 failed, 0 errored, 0 skipped");
    expect(body).toContain("Before the change: 3 tests passed.");
    expect(body).toContain("- ✅ `tests/test_time.py::test_minutes`");
    expect(body).toContain("| 1 | minutes \\| were parsed as hours | use 60 for minutes | 0.85 |");
    expect(body).toContain(
      "Model `openai/gpt-4o-mini` (medium task) · 3,210 tokens · $0.0042 · 1 min 5 s",
    );
  });

  it("leaves out Fixes for a PR into another PR's branch and says when no repair was needed", () => {
    const result = sampleResult({ attempts: [], retryCount: 0 });
    const body = renderPullRequestBody(result, { task: "tidy" });
    expect(body).not.toContain("Fixes #");
    expect(body).toContain("No repair was needed");
  });
});
