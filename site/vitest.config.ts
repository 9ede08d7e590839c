import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source", "node", "default"] },
  ssr: { resolve: { conditions: ["source", "node", "default"] } },
  test: {
    name: "site",
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
    // The browser suite builds the site and starts `astro preview` once.
    hookTimeout: 240_000,
  },
});
