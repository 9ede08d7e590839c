import { readFile } from "node:fs/promises";
import { ConfigSchema } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import { DOCKERFILES_DIRECTORY, OFFLINE_BUILD_SCRIPT } from "./build-sandbox-image.js";
import { IMAGE_VERSION_LABEL, SANDBOX_IMAGE_VERSION, SANDBOX_IMAGES } from "./image-names.js";

describe("sandbox image names", () => {
  it("are the configuration's defaults", () => {
    const { sandbox } = ConfigSchema.parse({});
    expect(sandbox.pythonImage).toBe(SANDBOX_IMAGES.python);
    expect(sandbox.nodeImage).toBe(SANDBOX_IMAGES.node);
  });

  it("carry the version the offline build script stamps", async () => {
    const script = await readFile(OFFLINE_BUILD_SCRIPT, "utf8");
    expect(script).toContain(`IMAGE_VERSION=${SANDBOX_IMAGE_VERSION}\n`);
    expect(script).toContain(`VERSION_LABEL=${IMAGE_VERSION_LABEL}\n`);
    expect(SANDBOX_IMAGES.python).toBe(`codeforge/sandbox-python:${SANDBOX_IMAGE_VERSION}`);
  });

  it.each(["python", "node"] as const)("match the %s Dockerfile's label", async (language) => {
    const dockerfile = await readFile(`${DOCKERFILES_DIRECTORY}${language}/Dockerfile`, "utf8");
    expect(dockerfile).toContain(`${IMAGE_VERSION_LABEL}="${SANDBOX_IMAGE_VERSION}"`);
    expect(dockerfile).toContain(SANDBOX_IMAGES[language]);
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
  });
});
