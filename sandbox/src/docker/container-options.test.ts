import { ConfigSchema } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import {
  createContainerOptions,
  DEADLINE_LABEL,
  OWNER_PID_LABEL,
  SANDBOX_LABEL,
  SANDBOX_USER,
  SANDBOX_WORKDIR,
} from "./container-options.js";

const config = ConfigSchema.parse({
  sandbox: { memoryMb: 256, cpus: 0.5, pidsLimit: 64, tmpfsMb: 16 },
}).sandbox;

describe("createContainerOptions", () => {
  it("locks the container down with the configured limits", () => {
    const options = createContainerOptions({
      image: "codeforge/sandbox-python:1",
      command: ["python3", "main.py"],
      config,
      deadlineMs: 1_700_000_000_000,
    });

    expect(options.Image).toBe("codeforge/sandbox-python:1");
    expect(options.Cmd).toEqual(["python3", "main.py"]);
    expect(options.User).toBe(`${SANDBOX_USER.uid}:${SANDBOX_USER.gid}`);
    expect(options.HostConfig?.Tmpfs?.[SANDBOX_WORKDIR]).toContain(`uid=${SANDBOX_USER.uid}`);
    expect(options.WorkingDir).toBe(SANDBOX_WORKDIR);
    const host = options.HostConfig;
    expect(host?.NetworkMode).toBe("none");
    expect(host?.ReadonlyRootfs).toBe(true);
    expect(host?.Memory).toBe(256 * 1024 * 1024);
    expect(host?.MemorySwap).toBe(host?.Memory);
    expect(host?.NanoCpus).toBe(500_000_000);
    expect(host?.PidsLimit).toBe(64);
    expect(host?.CapDrop).toEqual(["ALL"]);
    expect(host?.SecurityOpt).toEqual(["no-new-privileges"]);
    expect(host?.Privileged).toBe(false);
    expect(host?.LogConfig?.Type).toBe("none");
    expect(host?.Tmpfs?.["/tmp"]).toContain("size=16m");
    expect(host?.Tmpfs?.["/tmp"]).toContain("noexec");
    expect(host?.Tmpfs?.[SANDBOX_WORKDIR]).toContain("size=16m");
    expect(host?.Binds).toBeUndefined();
    expect(host?.Mounts).toBeUndefined();
  });

  it("labels the container with its deadline and owner", () => {
    const options = createContainerOptions({
      image: "img",
      command: ["true"],
      config,
      deadlineMs: 1234.6,
      ownerPid: 42,
      labels: { [SANDBOX_LABEL]: "0", "codeforge.pool": "p1" },
    });

    expect(options.Labels).toMatchObject({
      [SANDBOX_LABEL]: "1",
      [DEADLINE_LABEL]: "1235",
      [OWNER_PID_LABEL]: "42",
      "codeforge.pool": "p1",
    });
  });

  it("lets a run override memory and cpus, and opens stdin only when asked", () => {
    const closed = createContainerOptions({
      image: "img",
      command: ["true"],
      config,
      deadlineMs: 0,
    });
    const open = createContainerOptions({
      image: "img",
      command: ["true"],
      config,
      deadlineMs: 0,
      memoryMb: 128,
      cpus: 2,
      openStdin: true,
    });

    expect(closed.OpenStdin).toBe(false);
    expect(open.OpenStdin).toBe(true);
    expect(open.StdinOnce).toBe(true);
    expect(open.HostConfig?.Memory).toBe(128 * 1024 * 1024);
    expect(open.HostConfig?.MemorySwap).toBe(128 * 1024 * 1024);
    expect(open.HostConfig?.NanoCpus).toBe(2_000_000_000);
  });

  it("uses the bridge network only when the configuration enables networking", () => {
    const networked = ConfigSchema.parse({ sandbox: { networkDisabled: false } }).sandbox;

    const options = createContainerOptions({
      image: "img",
      command: ["true"],
      config: networked,
      deadlineMs: 0,
    });

    expect(options.HostConfig?.NetworkMode).toBe("bridge");
  });
});
