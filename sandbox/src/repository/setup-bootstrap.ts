import { SANDBOX_WORKDIR } from "../docker/container-options.js";
import { withOwnTimeLimit } from "../docker/own-time-limit.js";

/** The folder of a setup image that holds what setup installed outside the system's folders. */
export const SETUP_ROOT = "/codeforge-setup";

/** Where setup's user installs go (`PYTHONUSERBASE`; `pip` installs there as a non-root user). */
export const SETUP_PYTHON_BASE = `${SETUP_ROOT}/python`;

/** Where `npm install -g` installs (`NPM_CONFIG_PREFIX`). */
export const SETUP_NPM_PREFIX = `${SETUP_ROOT}/npm`;

/**
 * Where the working-directory entries setup created (`node_modules`, `*.egg-info`) are
 * kept: the tests' working directory is a fresh tmpfs, so the test bootstrap links them in.
 */
export const SETUP_WORKSPACE = `${SETUP_ROOT}/workspace`;

/**
 * The shell bootstrap of a setup container. Argument: the setup command line. The
 * repository is already in the working directory (uploaded before the start). It runs the
 * command (stdin at `/dev/null`); when it succeeded, it moves every top-level entry the
 * command added to the working directory into {@link SETUP_WORKSPACE}, and it empties the
 * working directory and `/tmp` (the tests get the snapshot afresh; caches need not be kept
 * in the image). The exit status is the command's. No user
 * text is part of the script: the command arrives as an argument.
 */
const SETUP_BOOTSTRAP = [
  'command="$1"',
  'before="$(ls -A)"',
  'sh -c "$command" </dev/null',
  "status=$?",
  'if [ "$status" -eq 0 ]; then',
  `  mkdir -p ${SETUP_WORKSPACE} || status=1`,
  "  ls -A | while IFS= read -r name; do",
  '    printf "%s\\n" "$before" | grep -qxF -- "$name" || mv -- "$name" ' +
    `${SETUP_WORKSPACE}/ || exit 1`,
  '  done || { echo "codeforge: could not keep what setup added to the working directory" >&2; status=1; }',
  "fi",
  // The tests get the snapshot afresh on a tmpfs: its copy here would only weigh the image.
  "rm -rf ./* ./.[!.]* ./..?* 2>/dev/null",
  "rm -rf /tmp/* /tmp/.[!.]* /tmp/..?* 2>/dev/null",
  'exit "$status"',
].join("\n");

/**
 * The container command of a setup run, stopping itself at `limitMs`: setup runs with the
 * network on, so it must never outlive its limit, whatever happens to the host.
 */
export function setupCommand(command: string, limitMs: number): string[] {
  return withOwnTimeLimit(["sh", "-c", SETUP_BOOTSTRAP, "codeforge-setup", command], limitMs);
}

/**
 * Environment of a setup container, committed with the image so the tests see it too:
 * `pip` installs into {@link SETUP_PYTHON_BASE} (as a user install: setup runs as a
 * non-root user, and Debian's Python refuses other installs), `npm install -g` into
 * {@link SETUP_NPM_PREFIX}, and both `bin` folders come first on `PATH`. `imagePath` is
 * the base image's own `PATH`.
 */
export function setupEnvironment(imagePath: string): string[] {
  return [
    `PYTHONUSERBASE=${SETUP_PYTHON_BASE}`,
    "PIP_USER=1",
    "PIP_BREAK_SYSTEM_PACKAGES=1",
    "PIP_NO_CACHE_DIR=1",
    "PIP_DISABLE_PIP_VERSION_CHECK=1",
    `NPM_CONFIG_PREFIX=${SETUP_NPM_PREFIX}`,
    "NPM_CONFIG_UPDATE_NOTIFIER=false",
    "NPM_CONFIG_FUND=false",
    "NPM_CONFIG_AUDIT=false",
    `PATH=${SETUP_PYTHON_BASE}/bin:${SETUP_NPM_PREFIX}/bin:${imagePath}`,
  ];
}

/**
 * The lines of the test bootstrap that link, into the working directory, every entry
 * setup added there (from {@link SETUP_WORKSPACE}) that the repository's own files do not
 * have; nothing when the image had no setup. The links point into the image, which is
 * read-only for the tests.
 */
export const LINK_SETUP_ENTRIES = [
  `if [ -d ${SETUP_WORKSPACE} ]; then`,
  `  for entry in ${SETUP_WORKSPACE}/* ${SETUP_WORKSPACE}/.[!.]* ${SETUP_WORKSPACE}/..?*; do`,
  '    [ -e "$entry" ] || [ -L "$entry" ] || continue',
  '    name="$(basename "$entry")"',
  '    [ -e "$name" ] || [ -L "$name" ] || ln -s "$entry" "$name"',
  "  done",
  "fi",
].join("\n");

/** The folders a setup container's archive creates, owned by the sandbox user. */
export const SETUP_FOLDERS = [SANDBOX_WORKDIR, SETUP_ROOT] as const;
