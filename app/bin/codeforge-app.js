#!/usr/bin/env node
// The bin is a committed file so npm can link it before the build has produced dist/.
try {
  await import("../dist/main.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/main.js")) {
    process.stderr.write("codeforge-app: the App is not built yet: run `npm run build` first.\n");
    process.exitCode = 2;
  } else {
    throw error;
  }
}
