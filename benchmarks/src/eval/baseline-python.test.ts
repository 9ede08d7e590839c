import { execFileSync } from "node:child_process";
import { isAbsolute } from "node:path";
import { requireService } from "@codeforge/core/testing";
import { describe, expect, it } from "vitest";
import { baselinePython } from "./baseline-python.js";

const python = await requireService("python3 on the host", async () =>
  execFileSync("python3", ["--version"]),
);

describe("baselinePython", () => {
  it("takes CODEFORGE_BENCH_PYTHON when it is set", () => {
    expect(baselinePython({ CODEFORGE_BENCH_PYTHON: "/opt/python3.12/bin/python3" })).toBe(
      "/opt/python3.12/bin/python3",
    );
  });

  it.skipIf(!python.available)(
    `otherwise finds a real interpreter by its absolute path ${python.reason}`,
    () => {
      const chosen = baselinePython({ CODEFORGE_BENCH_PYTHON: " " });
      expect(isAbsolute(chosen)).toBe(true);
      // The interpreter itself, not a shim that execs another one.
      const executable = execFileSync(chosen, ["-c", "import sys; print(sys.executable)"])
        .toString()
        .trim();
      expect(executable).toBe(chosen);
    },
  );
});
