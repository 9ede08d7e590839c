import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEADLINE_LABEL, OWNER_HOST_LABEL, OWNER_PID_LABEL } from "./container-options.js";
import { isLeftoverContainer, isProcessAlive } from "./prune-containers.js";

const now = 1_700_000_000_000;

function labels(deadline: number | undefined, pid: string, host = "here") {
  return {
    ...(deadline === undefined ? {} : { [DEADLINE_LABEL]: String(deadline) }),
    [OWNER_PID_LABEL]: pid,
    [OWNER_HOST_LABEL]: host,
  };
}

describe("isLeftoverContainer", () => {
  const probed: number[] = [];
  const judge = {
    now,
    hostname: "here",
    isProcessAlive: (pid: number) => {
      probed.push(pid);
      return pid === 100;
    },
  };

  it("calls a container past its deadline or without one a leftover, whoever owns it", () => {
    expect(isLeftoverContainer(labels(now - 1, "100"), judge)).toBe(true);
    expect(isLeftoverContainer(labels(undefined, "100"), judge)).toBe(true);
    expect(isLeftoverContainer({ [DEADLINE_LABEL]: "soon" }, judge)).toBe(true);
  });

  it("calls a container on time a leftover only when its owner on this host is dead", () => {
    expect(isLeftoverContainer(labels(now + 1, "100"), judge)).toBe(false);
    expect(isLeftoverContainer(labels(now + 1, "200"), judge)).toBe(true);
    expect(isLeftoverContainer(labels(now + 1, "200", "elsewhere"), judge)).toBe(false);
  });

  it("never probes pid 0, negative or unreadable pids (process groups, not owners)", () => {
    probed.length = 0;
    for (const pid of ["0", "-1", "", "abc", "1.5"]) {
      expect(isLeftoverContainer(labels(now + 1, pid), judge)).toBe(false);
    }
    expect(probed).toEqual([]);
  });
});

describe("isProcessAlive", () => {
  it("tells a live process from one that has exited", () => {
    const exited = spawnSync(process.execPath, ["-e", ""]).pid as number;

    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(exited)).toBe(false);
  });
});
