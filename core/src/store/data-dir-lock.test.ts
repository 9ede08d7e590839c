import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockDataDir } from "./data-dir-lock.js";
import { openStore } from "./open-store.js";
import { StoreError } from "./store-error.js";

const racerScript = fileURLToPath(new URL("./test-support/lock-racer.ts", import.meta.url));

interface Outcome {
  outcome: "ready" | "locked" | "refused" | "stored";
  message?: string;
  taskId?: string;
}

/** A racing child process: started, then told `go`, then its outcome read. */
interface Racer {
  child: ChildProcessWithoutNullStreams;
  next(): Promise<Outcome>;
  go(): void;
  finish(): Promise<void>;
}

async function startRacer(mode: "lock" | "store" | "crash", directory: string): Promise<Racer> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=source", racerScript, mode, directory],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, "exit");
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Outcome> => {
    const line = await Promise.race([
      lines.next(),
      exited.then(() => ({ done: true, value: undefined })),
    ]);
    if (line.done) throw new Error(`the racer (${mode}) ended without an outcome: ${stderr}`);
    return JSON.parse(String(line.value)) as Outcome;
  };
  expect(await next()).toEqual({ outcome: "ready" });
  return {
    child,
    next,
    go: () => child.stdin.write("go\n"),
    finish: async () => {
      child.stdin.end();
      if (child.exitCode === null && child.signalCode === null) await exited;
    },
  };
}

/** Leaves the lock of `directory` held by a process killed with SIGKILL, as a crash does. */
async function leaveStaleLock(directory: string): Promise<void> {
  const crashing = await startRacer("crash", directory);
  crashing.go();
  expect(await crashing.next()).toEqual({ outcome: "locked" });
  const exited = once(crashing.child, "exit");
  crashing.child.kill("SIGKILL");
  await exited;
}

async function race(mode: "lock" | "store", directory: string, count: number) {
  const racers = await Promise.all(
    Array.from({ length: count }, () => startRacer(mode, directory)),
  );
  for (const racer of racers) racer.go();
  const outcomes = await Promise.all(racers.map((racer) => racer.next()));
  return { racers, outcomes };
}

describe("lockDataDir", () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "codeforge-lock-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("refuses a second holder at once and is free again after release", async () => {
    const directory = path.join(root, "plain");

    const release = await lockDataDir(directory);
    const second = await lockDataDir(directory).then(
      () => new Error("expected the second lock to fail"),
      (caught: unknown) => caught as Error,
    );
    await release();
    const again = await lockDataDir(directory);
    await again();

    expect(second).toBeInstanceOf(StoreError);
    expect(second.message).toContain("is already open in this process");
    expect(second.message).toContain(`delete ${directory}.lock`);
    expect(await readdir(root)).toEqual([]);
  });

  it("takes over a lock whose pid now belongs to an unrelated process", async () => {
    const directory = path.join(root, "reused");
    const release = await lockDataDir(directory);
    const lock = JSON.parse(await readFile(`${directory}.lock`, "utf8")) as Record<string, unknown>;
    await release();
    // Written by a process that had pid 1 (alive: init) but started at another time.
    await writeFile(`${directory}.lock`, JSON.stringify({ ...lock, pid: 1, startTime: "1" }));

    const taken = await lockDataDir(directory);
    await taken();

    expect(await readdir(root)).toEqual([]);
  });

  it("takes over a lock from before a reboot and keeps one it cannot judge", async () => {
    const directory = path.join(root, "foreign");
    const release = await lockDataDir(directory);
    const lock = JSON.parse(await readFile(`${directory}.lock`, "utf8")) as Record<string, unknown>;
    await release();

    // Same pid and start time, but the machine has restarted since: stale.
    await writeFile(`${directory}.lock`, JSON.stringify({ ...lock, bootId: "an-earlier-boot" }));
    const afterReboot = await lockDataDir(directory);
    await afterReboot();
    // Written on another host (a network share): its process cannot be checked from here.
    await writeFile(`${directory}.lock`, JSON.stringify({ ...lock, host: "build-7", pid: 42 }));
    const foreign = await lockDataDir(directory).then(
      () => new Error("expected the foreign lock to hold"),
      (caught: unknown) => caught as Error,
    );
    await rm(`${directory}.lock`);

    expect(foreign).toBeInstanceOf(StoreError);
    expect(foreign.message).toContain("on another host or in another container (build-7, pid 42)");
    expect(foreign.message).toContain(`delete ${directory}.lock`);
    expect(await readdir(root)).toEqual([]);
  });

  it("lets exactly one of many processes racing a stale lock take it, every time", async () => {
    const directory = path.join(root, "raced");
    for (let round = 0; round < 4; round += 1) {
      await leaveStaleLock(directory);

      const { racers, outcomes } = await race("lock", directory, 6);
      await Promise.all(racers.map((racer) => racer.finish()));

      expect(outcomes.filter((outcome) => outcome.outcome === "locked")).toHaveLength(1);
      for (const outcome of outcomes.filter((each) => each.outcome !== "locked")) {
        expect(outcome.outcome).toBe("refused");
        expect(outcome.message).toContain("is already open in another codeforge process");
      }
      // The winner released it; no takeover guard or temporary file is left behind.
      expect(await readdir(root)).toEqual([]);
    }
  }, 120_000);

  it("loses no finished task when processes race to open a store left locked by a crash", async () => {
    const cwd = path.join(root, "store");
    const directory = path.join(cwd, "pgdata");
    const setup = await openStore({ dataDir: "pgdata", cwd });
    await setup.close();
    const stored: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      await leaveStaleLock(directory);

      const { racers, outcomes } = await race("store", directory, 4);
      await Promise.all(racers.map((racer) => racer.finish()));

      for (const outcome of outcomes) {
        expect(outcome.outcome === "stored" || outcome.message?.includes("already open")).toBe(
          true,
        );
        if (outcome.taskId) stored.push(outcome.taskId);
      }
    }

    const store = await openStore({ dataDir: "pgdata", cwd });
    try {
      expect(stored.length).toBeGreaterThanOrEqual(4);
      const read = await Promise.all(stored.map((id) => store.tasks.get(id)));
      expect(read.map((task) => task?.status)).toEqual(stored.map(() => "completed"));
      expect((await store.tasks.list({ perPage: 500 })).total).toBe(stored.length);
    } finally {
      await store.close();
    }
  }, 300_000);
});
