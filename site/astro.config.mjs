import { fileURLToPath } from "node:url";
import react from "@astrojs/react";
import { defineConfig } from "astro/config";

// GitHub Pages serves a project site under /<repository>/: the site workflow sets both.
const base = process.env.CODEFORGE_SITE_BASE ?? "/";
const site = process.env.CODEFORGE_SITE_URL;

export default defineConfig({
  ...(site ? { site } : {}),
  base,
  output: "static",
  trailingSlash: "ignore",
  integrations: [react()],
  build: { format: "directory" },
  // The snapshot schema is read from core's TypeScript sources, so the site builds without
  // building core first (as core's `source` export condition does for the other packages).
  vite: {
    resolve: {
      alias: {
        "@codeforge/core/snapshot": fileURLToPath(
          new URL("../core/src/export/site-entry.ts", import.meta.url),
        ),
      },
    },
  },
  devToolbar: { enabled: false },
  telemetry: false,
});
