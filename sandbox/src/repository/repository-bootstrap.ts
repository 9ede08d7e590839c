import { withOwnTimeLimit } from "../docker/own-time-limit.js";
import { LINK_SETUP_ENTRIES } from "./setup-bootstrap.js";

/** Exit status of the bootstrap when the archive could not be unpacked. */
export const REPOSITORY_UNPACK_FAILED = 125;

/** Where the archive puts the Node reporter module before the bootstrap moves it away. */
export const REPORTER_UPLOAD_NAME = ".codeforge-node-reporter.mjs";

/** The files of the report folder. */
export const REPORT_FILES = {
  exitCode: "exit-code",
  junit: "junit.xml",
  nodeEvents: "node-events.jsonl",
  nodeReporter: "reporter.mjs",
} as const;

/**
 * The shell bootstrap of a repository run. Arguments: the report folder, then the test
 * command line. It unpacks the archive from stdin into the working directory, moves the
 * Node reporter module out of the repository into the report folder, links in what a
 * repository setup added to the working directory (when the image is a setup image), runs the test
 * command (stdin at `/dev/null`), writes its exit status into the report folder and then
 * sleeps, so the host can read the report out of the running container (the engine's
 * archive API cannot read a tmpfs). No user text is ever part of the script: the command
 * arrives as an argument.
 */
const BOOTSTRAP = [
  'report="$1"; command="$2"',
  `tar -x -o -m -f - || { echo "codeforge: could not unpack the repository" >&2; exit ${REPOSITORY_UNPACK_FAILED}; }`,
  'mkdir -p "$report"',
  `if [ -e ${REPORTER_UPLOAD_NAME} ]; then mv ${REPORTER_UPLOAD_NAME} "$report/${REPORT_FILES.nodeReporter}"; fi`,
  LINK_SETUP_ENTRIES,
  'sh -c "$command" </dev/null',
  "status=$?",
  // The tests may have emptied /tmp: the folder is made again for the status.
  'mkdir -p "$report"',
  `echo "$status" > "$report/${REPORT_FILES.exitCode}.part" && mv "$report/${REPORT_FILES.exitCode}.part" "$report/${REPORT_FILES.exitCode}"`,
  // Until the host has read the report; the container's own time limit ends the wait.
  "exec sleep 2147483647",
].join("\n");

/**
 * The container command of a repository run, stopping itself at `limitMs` (the tests' time
 * limit plus the time the host takes to read the report): a container whose host died does
 * not run, or sleep, on.
 */
export function repositoryCommand(
  reportFolder: string,
  testCommand: string,
  limitMs: number,
): string[] {
  return withOwnTimeLimit(["sh", "-c", BOOTSTRAP, "codeforge", reportFolder, testCommand], limitMs);
}

/**
 * Environment that makes pytest and `node --test` write their machine-readable reports
 * into the report folder, whatever command line starts them (`pytest`, `npm test`, a
 * Makefile): `PYTEST_ADDOPTS` (JUnit XML with file attributes, no cache folder) and
 * `NODE_OPTIONS` (the CodeForge reporter, plus the spec reporter on stdout for people).
 */
export function reportEnvironment(reportFolder: string): string[] {
  return [
    `PYTEST_ADDOPTS=-p no:cacheprovider -o junit_family=xunit1 --junitxml=${reportFolder}/${REPORT_FILES.junit}`,
    `NODE_OPTIONS=--test-reporter=${reportFolder}/${REPORT_FILES.nodeReporter} --test-reporter-destination=${reportFolder}/${REPORT_FILES.nodeEvents} --test-reporter=spec --test-reporter-destination=stdout`,
    "CI=1",
    "NO_COLOR=1",
  ];
}

/**
 * The command an exec runs to hand the report folder over: it waits until the exit status
 * is there, then writes the folder as a tar archive to stdout.
 */
export function reportExportCommand(reportFolder: string): string[] {
  return [
    "sh",
    "-c",
    `until [ -e "$1/${REPORT_FILES.exitCode}" ]; do sleep 0.1; done; tar -c -C "$1" .`,
    "codeforge-report",
    reportFolder,
  ];
}
