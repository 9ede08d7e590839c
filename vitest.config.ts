import { defineConfig } from "vitest/config";

/**
 * One vitest run for the whole workspace: every package is a project with its own
 * `vitest.config.ts`. Packages import each other's TypeScript sources through the
 * `source` export condition, so tests never need a build first.
 */
export default defineConfig({
  test: {
    projects: ["*/vitest.config.ts"],
  },
});
