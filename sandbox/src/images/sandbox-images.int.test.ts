import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigSchema, SandboxError } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSandboxImage } from "./build-sandbox-image.js";
import { checkDockerEngine } from "./check-docker-engine.js";
import { checkSandboxImage } from "./check-sandbox-image.js";
import { SANDBOX_IMAGE_VERSION, SANDBOX_IMAGES } from "./image-names.js";
import { sandboxImageStatus } from "./sandbox-image-status.js";

const docker = new Docker();
const engine = await requireService("Docker engine", () => docker.ping());

// CI builds the image first (.ci/run → scripts/setup.sh → `codeforge sandbox image build --offline`).
describe.skipIf(!engine.available)(`sandbox images on the real engine ${engine.reason}`, () => {
  const config = ConfigSchema.parse({}).sandbox;

  it("finds the engine and names its version", async () => {
    const result = await checkDockerEngine(docker);
    expect(result.ok).toBe(true);
    expect(result.detail).toMatch(/^Docker \d+\.\d+/);
  });

  it("reports the offline-built python image as present and current", async () => {
    const [python] = await sandboxImageStatus(docker, config, ["python"]);
    expect(python).toMatchObject({
      language: "python",
      image: SANDBOX_IMAGES.python,
      present: true,
      version: SANDBOX_IMAGE_VERSION,
      upToDate: true,
    });
    const check = await checkSandboxImage(docker, config.pythonImage);
    expect(check.ok).toBe(true);
    expect(check.detail).toContain(`version ${SANDBOX_IMAGE_VERSION}`);
  });

  it("reports a missing image with the build command as the fix", async () => {
    const image = "codeforge/sandbox-python:does-not-exist";
    const [status] = await sandboxImageStatus(docker, { ...config, pythonImage: image }, [
      "python",
    ]);
    expect(status).toMatchObject({ present: false, upToDate: false, version: null });
    const check = await checkSandboxImage(docker, image);
    expect(check.ok).toBe(false);
    expect(check.fix).toContain("`codeforge sandbox image build`");

    const node = await checkSandboxImage(docker, "codeforge/sandbox-node:does-not-exist");
    expect(node.name).toBe("Sandbox image (node)");
    expect(node.fix).toContain("`codeforge sandbox image build --lang node`");
  });

  it("skips the offline build when the image is current", async () => {
    const lines: string[] = [];
    const result = await buildSandboxImage({
      language: "python",
      offline: true,
      docker,
      onOutput: (line) => lines.push(line),
    });
    expect(result).toMatchObject({ image: SANDBOX_IMAGES.python, skipped: true, offline: true });
    expect(lines.join("\n")).toMatch(
      new RegExp(`is current \\(version ${SANDBOX_IMAGE_VERSION}, recipe [0-9a-f]{16}\\)`),
    );
  });

  it("fails an offline build with a SandboxError that carries the script's output", async () => {
    const build = buildSandboxImage({
      language: "python",
      offline: true,
      force: true,
      docker,
      // A script that fails the way a broken mirror does, without touching the real image.
      script: "/dev/null/not-a-script",
    });
    await expect(build).rejects.toBeInstanceOf(SandboxError);
    await expect(build).rejects.toMatchObject({ code: "image_build_failed" });
  });
});

describe.skipIf(!engine.available)(`docker build through the engine ${engine.reason}`, () => {
  // A context built on the local sandbox image, so no registry is needed.
  let context: string;
  const image = `codeforge/sandbox-build-test:${process.pid}`;
  beforeAll(async () => {
    context = await mkdtemp(join(tmpdir(), "codeforge-build-"));
  });
  afterAll(async () => {
    await rm(context, { recursive: true, force: true });
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it("builds and labels an image, then skips it while current", async () => {
    await writeFile(
      join(context, "Dockerfile"),
      `FROM ${SANDBOX_IMAGES.python}\nRUN python3 -c "import numpy"\n`,
    );
    const lines: string[] = [];
    const options = {
      language: "python" as const,
      offline: false,
      docker,
      image,
      contextDirectory: context,
      onOutput: (line: string) => lines.push(line),
    };
    const built = await buildSandboxImage(options);
    expect(built).toMatchObject({ image, skipped: false, offline: false });
    expect(lines.join("\n")).toMatch(/Successfully (built|tagged)/);
    const info = await docker.getImage(image).inspect();
    expect(info.Config.Labels?.["dev.codeforge.image-version"]).toBe(SANDBOX_IMAGE_VERSION);
    expect(await buildSandboxImage(options)).toMatchObject({ skipped: true });
  });

  it("fails with image_build_failed and the build's error when a step fails", async () => {
    await writeFile(join(context, "Dockerfile"), `FROM ${SANDBOX_IMAGES.python}\nRUN exit 3\n`);
    const build = buildSandboxImage({
      language: "python",
      offline: false,
      force: true,
      docker,
      image,
      contextDirectory: context,
    });
    await expect(build).rejects.toMatchObject({ code: "image_build_failed" });
    await expect(build).rejects.toThrow(/returned a non-zero code: 3/);
  });
});
