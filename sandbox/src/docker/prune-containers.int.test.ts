import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { createContainerOptions } from "./container-options.js";
import { pruneAllContainers, pruneStaleContainers } from "./prune-containers.js";

const docker = new Docker();
/** Labels this suite's containers, so pruning everything never touches another suite's. */
const runMarker = `prune-test-${process.pid}-${Date.now()}`;
const config = ConfigSchema.parse({}).sandbox;
const engine = await requireService("Docker engine", () => docker.ping());
const image = engine.available
  ? await requireService(`sandbox image ${config.pythonImage}`, () =>
      docker.getImage(config.pythonImage).inspect(),
    )
  : engine;

/** A created (never started) sandbox container with the given deadline. */
async function sandboxContainer(deadlineMs: number, marker = runMarker): Promise<string> {
  const container = await docker.createContainer(
    createContainerOptions({
      image: config.pythonImage,
      command: ["true"],
      config,
      deadlineMs,
      // Not this process: the executor suite checks that this pid leaves nothing behind.
      ownerPid: 0,
      labels: { "codeforge.test": marker },
    }),
  );
  return container.id;
}

async function exists(id: string): Promise<boolean> {
  const listed = await docker.listContainers({ all: true, filters: { id: [id] } });
  return listed.length > 0;
}

describe.skipIf(!image.available)(`pruning sandbox containers ${image.reason}`, () => {
  const created: string[] = [];
  afterAll(async () => {
    await Promise.all(
      created.map((id) =>
        docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  });

  it("removes containers past their deadline and keeps those still running on time", async () => {
    // Deadlines in the real future, judged at a later `now`: other suites' executors prune
    // at real time and so never race this test for its stale container; the label keeps
    // this prune away from their containers.
    const now = Date.now() + 300_000;
    const stale = await sandboxContainer(now - 1_000);
    const current = await sandboxContainer(now + 300_000);
    created.push(stale, current);

    const result = await pruneStaleContainers(docker, {
      now,
      labels: [`codeforge.test=${runMarker}`],
    });

    expect(result.removed).toContain(stale);
    expect(result.removed).not.toContain(current);
    expect(result.failed).toEqual([]);
    expect(await exists(stale)).toBe(false);
    expect(await exists(current)).toBe(true);
  });

  it("removes every sandbox container, running or not, and no other container", async () => {
    const otherSandbox = await sandboxContainer(Date.now() + 600_000, `${runMarker}-other`);
    created.push(otherSandbox);
    const running = await sandboxContainer(Date.now() + 600_000);
    created.push(running);
    await docker.getContainer(running).start();
    const other = await docker.createContainer({
      Image: config.pythonImage,
      Cmd: ["true"],
      Labels: { "codeforge.test": runMarker },
    });
    created.push(other.id);

    const result = await pruneAllContainers(docker, { labels: [`codeforge.test=${runMarker}`] });

    expect(result.removed).toContain(running);
    expect(await exists(running)).toBe(false);
    expect(await exists(other.id)).toBe(true);
    // The narrowing label kept another suite's sandbox container.
    expect(await exists(otherSandbox)).toBe(true);
  });
});
