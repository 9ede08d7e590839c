import { runApp } from "./run-app.js";

const controller = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => controller.abort(new Error(`received ${signal}`)));
}
process.exitCode = await runApp(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stderr: process.stderr,
  signal: controller.signal,
});
