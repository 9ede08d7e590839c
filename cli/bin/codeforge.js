#!/usr/bin/env node
// The bin is a committed file so npm can link it before the build has produced dist/.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stalePackages } from "./stale-dist.js";

try {
  // In a repository checkout, a source edited since the last build would otherwise run stale.
  // Without a build at all, the message below says so instead.
  const built = existsSync(new URL("../dist/main.js", import.meta.url));
  const stale = built ? stalePackages(fileURLToPath(new URL("../../", import.meta.url))) : [];
  if (stale.length > 0) {
    process.stderr.write(
      `codeforge: warning: ${stale.join(", ")} changed since the last build, so this runs old code: run npm run build\n`,
    );
  }
} catch {
  // Only a convenience for developers: it must never stop the CLI.
}

try {
  await import("../dist/main.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/main.js")) {
    process.stderr.write("codeforge: the CLI is not built yet: run `npm run build` first.\n");
    process.exitCode = 2;
  } else {
    throw error;
  }
}
