export type { CliContext } from "./cli-context.js";
export { EXIT_CODES, type ExitCode } from "./exit-codes.js";
export { createProgram, runCli } from "./run-cli.js";
