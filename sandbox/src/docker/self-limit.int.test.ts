import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { OWNER_PID_LABEL } from "./container-options.js";
import { SELF_LIMIT_GRACE_MS } from "./docker-executor.js";
import { pruneLeftoverContainers } from "./prune-containers.js";

const docker = new Docker();
const engine = await requireService("Docker engine", () => docker.ping());
const TIMEOUT_MS = 3_000;
// Prunes of other processes on this machine judge the container only by its deadline.
const OWNER_HOST = `self-limit-test-${process.pid}-${Date.now()}`;

async function ownedBy(pid: number): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${OWNER_PID_LABEL}=${pid}`] } });
}

async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return undefined;
}

describe.skipIf(!engine.available)(`a container whose owner died ${engine.reason}`, () => {
  it("stops at its own limit, and the next prune removes it as an interrupted run's", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--conditions=source",
        fileURLToPath(new URL("./test-support/executor-child.ts", import.meta.url)),
        String(TIMEOUT_MS),
        OWNER_HOST,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const pid = child.pid ?? 0;
    try {
      const running = await until(async () => {
        const [info] = await ownedBy(pid);
        return info?.State === "running" ? info : undefined;
      }, 30_000);
      expect(running).toBeDefined();
      child.kill("SIGKILL");
      const killedAt = Date.now();

      // Nobody is left to kill the spinning program: the container does it itself.
      const stopped = await until(
        async () => {
          const [info] = await ownedBy(pid);
          return info?.State === "running" ? undefined : info;
        },
        TIMEOUT_MS + SELF_LIMIT_GRACE_MS + 10_000,
      );
      expect(stopped?.State).toBe("exited");
      expect(Date.now() - killedAt).toBeLessThan(TIMEOUT_MS + SELF_LIMIT_GRACE_MS + 5_000);
      const state = (await docker.getContainer(stopped?.Id ?? "").inspect()).State;
      expect(state).toMatchObject({ ExitCode: 137, OOMKilled: false });

      // The next start-up's prune (or `codeforge sandbox prune`) removes it, saying why.
      const pruned = await pruneLeftoverContainers(docker, {
        now: Date.now(),
        hostname: OWNER_HOST,
        labels: [`${OWNER_PID_LABEL}=${pid}`],
      });
      expect(pruned.leftovers).toEqual([{ id: stopped?.Id, reason: "owner_gone", ownerPid: pid }]);
      expect(await ownedBy(pid)).toEqual([]);
    } finally {
      child.kill("SIGKILL");
      for (const info of await ownedBy(pid)) {
        await docker
          .getContainer(info.Id)
          .remove({ force: true })
          .catch(() => undefined);
      }
    }
  }, 60_000);
});
