import { describe, expect, it } from "vitest";
import { renderDoctorReport } from "./render-doctor-report.js";
import { doctorPassed, runDoctorChecks } from "./run-doctor-checks.js";

describe("runDoctorChecks", () => {
  it("keeps the checks' order, flattens multi-result checks and turns a throw into a failure", async () => {
    const results = await runDoctorChecks([
      {
        name: "database",
        required: true,
        run: async () => ({ name: "database", ok: true, required: true, detail: "PGlite" }),
      },
      {
        name: "providers",
        required: false,
        run: async () => [
          { name: "openai", ok: true, required: false, detail: "200 in 40 ms", durationMs: 40 },
          { name: "ollama", ok: false, required: false, detail: "no answer", fix: "start ollama" },
        ],
      },
      {
        name: "Docker engine",
        required: true,
        run: async () => {
          throw new Error("connect ENOENT /var/run/docker.sock");
        },
      },
    ]);

    expect(results.map((result) => [result.name, result.ok])).toEqual([
      ["database", true],
      ["openai", true],
      ["ollama", false],
      ["Docker engine", false],
    ]);
    expect(results[1]?.durationMs).toBe(40);
    expect(results[3]).toMatchObject({
      required: true,
      detail: "connect ENOENT /var/run/docker.sock",
    });
    expect(doctorPassed(results)).toBe(false);
  });

  it("passes when only optional checks fail", () => {
    expect(
      doctorPassed([
        { name: "a", ok: true, required: true, detail: "" },
        { name: "b", ok: false, required: false, detail: "" },
      ]),
    ).toBe(true);
  });
});

describe("renderDoctorReport", () => {
  it("marks each line and prints the fix under a failure", () => {
    const lines = renderDoctorReport(
      [
        { name: "database", ok: true, required: true, detail: "PGlite, migrated", durationMs: 3 },
        {
          name: "sandbox image",
          ok: false,
          required: true,
          detail: "codeforge/sandbox-python:1 not found",
          fix: "run `codeforge sandbox image build`",
        },
        { name: "ollama", ok: false, required: false, detail: "not reachable" },
      ],
      { color: false },
    );

    expect(lines[0]).toBe("✓ database       PGlite, migrated (3 ms)");
    expect(lines[1]).toBe("✗ sandbox image  codeforge/sandbox-python:1 not found");
    expect(lines[2]).toContain("→ run `codeforge sandbox image build`");
    expect(lines[3]).toBe("! ollama         not reachable");
    expect(lines.at(-1)).toBe("1 required check failed.");
  });
});
