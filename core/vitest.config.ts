import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source", "node", "default"] },
  ssr: { resolve: { conditions: ["source", "node", "default"] } },
  test: {
    name: "core",
    include: ["src/**/*.test.ts"],
    // Type-level contracts (`*.test-d.ts`) are checked by tsc as part of the run.
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "../tsconfig.json" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
