import { UsageError } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import { SANDBOX_IMAGES } from "@codeforge/sandbox";
import { Command } from "commander";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import type { ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { captureContext } from "../test-support/capture-context.js";
import { addSandboxImageCommand } from "./sandbox-image-command.js";

const docker = new Docker();
const engine = await requireService("Docker engine", () => docker.ping());

async function run(args: string[]) {
  const context = captureContext({ env: {} });
  const exit: ExitCodeBox = { code: EXIT_CODES.success };
  const program = new Command("codeforge").exitOverride();
  program.option("--config <file>");
  addSandboxImageCommand(program.command("sandbox"), context, exit, { createDocker: () => docker });
  await program.parseAsync(args, { from: "user" });
  return { code: exit.code, output: context.output(), errors: context.errors() };
}

describe.skipIf(!engine.available)(`codeforge sandbox image ${engine.reason}`, () => {
  it("status --json lists both languages and exits 0 when the python image is there", async () => {
    const { code, output } = await run(["sandbox", "image", "status", "--json"]);
    const statuses = JSON.parse(output) as Array<Record<string, unknown>>;
    expect(statuses.map((status) => status.image)).toEqual([
      SANDBOX_IMAGES.python,
      SANDBOX_IMAGES.node,
    ]);
    expect(statuses[0]).toMatchObject({ present: true, upToDate: true });
    expect(code).toBe(EXIT_CODES.success);
  });

  it("status prints one line per image", async () => {
    const { output } = await run(["sandbox", "image", "status"]);
    expect(output).toMatch(/^codeforge\/sandbox-python:2: present, version 2, \d+ MB/m);
  });

  it("build --offline finds the current image and skips the build", async () => {
    const { code, output, errors } = await run(["sandbox", "image", "build", "--offline"]);
    expect(code).toBe(EXIT_CODES.success);
    expect(output).toMatch(/^codeforge\/sandbox-python:2 is current \(checked in \d+\.\d s\)$/m);
    expect(errors).toContain("skipped the build");
  });

  it("rejects an unknown language as bad usage", async () => {
    await expect(run(["sandbox", "image", "build", "--lang", "ruby"])).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});
