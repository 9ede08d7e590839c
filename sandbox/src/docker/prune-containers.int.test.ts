import { spawnSync } from "node:child_process";
import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { createContainerOptions } from "./container-options.js";
import { pruneAllContainers, pruneLeftoverContainers } from "./prune-containers.js";

const docker = new Docker();
/** Labels this suite's containers, so pruning everything never touches another suite's. */
const runMarker = `prune-test-${process.pid}-${Date.now()}`;
/**
 * The owner host of this suite's containers. Other suites' executors prune with the real
 * host name, so they never judge these owners dead and never race this suite.
 */
const testHost = `${runMarker}.invalid`;
const config = ConfigSchema.parse({}).sandbox;
const engine = await requireService("Docker engine", () => docker.ping());
const image = engine.available
  ? await requireService(`sandbox image ${config.pythonImage}`, () =>
      docker.getImage(config.pythonImage).inspect(),
    )
  : engine;

/** The pid of a process that has exited and been reaped. */
const deadPid = spawnSync(process.execPath, ["-e", ""]).pid as number;
/**
 * A live process that is not this one: the executor suite checks that containers labelled
 * with its own pid are all gone, and vitest may run suites in one process.
 */
const livePid = process.ppid;

/** A created (never started) sandbox container with the given deadline and owner. */
async function sandboxContainer(
  deadlineMs: number,
  owner: { pid: number; host: string } = { pid: livePid, host: testHost },
  marker = runMarker,
): Promise<string> {
  const container = await docker.createContainer(
    createContainerOptions({
      image: config.pythonImage,
      command: ["true"],
      config,
      deadlineMs,
      ownerPid: owner.pid,
      ownerHost: owner.host,
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

  it("removes containers past their deadline or whose owner died here, and keeps live ones", async () => {
    expect(() => process.kill(deadPid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    // Deadlines in the real future, judged at a later `now`: other suites' executors prune
    // at real time and so never race this test for its stale container; the label keeps
    // this prune away from their containers.
    const now = Date.now() + 300_000;
    const stale = await sandboxContainer(now - 1_000);
    const orphaned = await sandboxContainer(now + 300_000, { pid: deadPid, host: testHost });
    const live = await sandboxContainer(now + 300_000);
    const elsewhere = await sandboxContainer(now + 300_000, {
      pid: deadPid,
      host: `other-${testHost}`,
    });
    created.push(stale, orphaned, live, elsewhere);

    const result = await pruneLeftoverContainers(docker, {
      now,
      hostname: testHost,
      labels: [`codeforge.test=${runMarker}`],
    });

    expect(result.removed.sort()).toEqual([stale, orphaned].sort());
    expect(result.failed).toEqual([]);
    expect(await exists(stale)).toBe(false);
    expect(await exists(orphaned)).toBe(false);
    // Its owner lives: a run or pool in progress.
    expect(await exists(live)).toBe(true);
    // A pid on another machine means nothing here: kept until its deadline.
    expect(await exists(elsewhere)).toBe(true);
  });

  it("removes every sandbox container, running or not, and no other container", async () => {
    const otherSandbox = await sandboxContainer(
      Date.now() + 600_000,
      { pid: livePid, host: testHost },
      `${runMarker}-other`,
    );
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
