import { LANGUAGES, type Language, UsageError } from "@codeforge/core";
import { buildSandboxImage, type SandboxImageStatus, sandboxImageStatus } from "@codeforge/sandbox";
import type { Command } from "commander";
import { type CliContext, writeLine } from "../cli-context.js";
import type { CliParts } from "../cli-parts.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { loadCliConfig } from "../load-cli-config.js";

interface BuildOptions {
  offline?: boolean;
  lang: string;
  force?: boolean;
}

function languageOption(value: string): Language {
  if ((LANGUAGES as readonly string[]).includes(value)) return value as Language;
  throw new UsageError(`--lang must be one of ${LANGUAGES.join(", ")}, not "${value}"`);
}

function describeStatus(status: SandboxImageStatus): string {
  if (!status.present) {
    const flag = status.language === "python" ? "" : ` --lang ${status.language}`;
    return `${status.image}: missing; build it with \`codeforge sandbox image build${flag}\` (add --offline on a machine that reaches no image registry)`;
  }
  const size = `${Math.round((status.sizeBytes ?? 0) / (1024 * 1024))} MB`;
  const version =
    status.version === null
      ? "no CodeForge version label"
      : `version ${status.version}${status.upToDate ? "" : " (stale: rebuild with --force)"}`;
  return `${status.image}: present, ${version}, ${size}, created ${status.created ?? "?"}`;
}

/**
 * Adds `image build [--offline] [--lang python|node] [--force]` and
 * `image status [--json]` to the `codeforge sandbox` group.
 *
 * `build` makes the versioned sandbox image (offline: from Debian's packages with
 * mmdebstrap, for machines that reach no registry) and skips the work when the image is
 * current. `status` lists each language's configured image; it exits 1 when the Python
 * image (the one every run and benchmark needs) is missing or stale.
 *
 * @example
 * const sandbox = program.command("sandbox");
 * addSandboxImageCommand(sandbox, context, exit, parts);
 */
export function addSandboxImageCommand(
  sandbox: Command,
  context: CliContext,
  exit: ExitCodeBox,
  parts: Pick<CliParts, "createDocker">,
): void {
  const createDocker = () => parts.createDocker();
  const image = sandbox
    .command("image")
    .description("build or inspect the sandbox images (codeforge/sandbox-python:1, …)");

  image
    .command("build")
    .description("build a sandbox image; skipped when the current version is already there")
    .option("--offline", "build from Debian packages (mmdebstrap), for machines without a registry")
    .option("--lang <language>", `the image's language: ${LANGUAGES.join("|")}`, "python")
    .option("--force", "rebuild even when the image is current")
    .action(
      commandAction(exit, async (options: BuildOptions) => {
        const language = languageOption(options.lang);
        const result = await buildSandboxImage({
          language,
          offline: options.offline ?? false,
          force: options.force ?? false,
          docker: createDocker(),
          env: context.env,
          onOutput: (line) => writeLine(context.stderr, line),
        });
        const seconds = (result.durationMs / 1000).toFixed(1);
        writeLine(
          context.stdout,
          result.skipped
            ? `${result.image} is current (checked in ${seconds} s)`
            : `built ${result.image} in ${seconds} s${result.offline ? " (offline)" : ""}`,
        );
        return EXIT_CODES.success;
      }),
    );

  image
    .command("status")
    .description("show whether each language's sandbox image is present and current")
    .option("--json", "print one JSON array of image statuses")
    .action(
      commandAction(exit, async (options: { json?: boolean }, command: Command) => {
        const config = loadCliConfig(context, command);
        const statuses = await sandboxImageStatus(createDocker(), config.sandbox);
        if (options.json) writeLine(context.stdout, JSON.stringify(statuses));
        else for (const status of statuses) writeLine(context.stdout, describeStatus(status));
        const python = statuses.find((status) => status.language === "python");
        const usable = python?.present === true && python.upToDate !== false;
        return usable ? EXIT_CODES.success : EXIT_CODES.failure;
      }),
    );
}
