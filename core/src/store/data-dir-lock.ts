import { createHash, randomUUID } from "node:crypto";
import { link, readFile, readlink, rename, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { StoreError } from "./store-error.js";

/** Releases a lock taken by {@link lockDataDir}. */
export type ReleaseLock = () => Promise<void>;

/**
 * Who holds a lock: enough to tell, later and from another process, whether that process
 * still runs. `startTime` (from `/proc/<pid>/stat`) tells a process apart from a later one
 * that was given the same pid; `bootId` and `pidNamespace` say whether the pid means anything
 * here at all. `nonce` makes every lock's content unique, so a takeover never confuses two.
 */
interface LockOwner {
  pid: number;
  startTime: string | null;
  bootId: string | null;
  pidNamespace: string | null;
  host: string;
  nonce: string;
}

type Liveness = "this-process" | "running" | "unknown" | "ended";

// A chain of takeover guards longer than this means processes keep dying mid-takeover.
const MAX_TAKEOVER_DEPTH = 8;
const MAX_ATTEMPTS = 8;

/**
 * Takes the lock file `<directory>.lock` for the embedded store. PGlite lets a second
 * process open a data directory that is already open, and two Postgres instances writing
 * the same files corrupt them; the lock turns that into a clear error, at once (no waiting).
 *
 * Taking it is atomic: the owner is written in full to a file of its own, which is then
 * hard-linked to the lock's name (`link` fails when the name exists), so no process ever
 * reads a half-written lock. A lock whose owner has ended is taken over under a takeover
 * guard named after that lock's exact content, created the same way: of all processes
 * racing for one stale lock exactly one gets the guard, checks the lock is still the stale
 * one and renames its own file over it; a guard whose owner died mid-takeover is passed by
 * a guard named after both, and so on. See docs/store.md.
 *
 * @example
 * const release = await lockDataDir("/home/me/.codeforge/pgdata");
 * try { … } finally { await release(); }
 */
export async function lockDataDir(directory: string): Promise<ReleaseLock> {
  const file = `${directory}.lock`;
  const owner = await currentOwner();
  const content = JSON.stringify(owner);
  const temporary = `${file}.${owner.nonce}.tmp`;
  await writeFile(temporary, content, { flag: "wx" }).catch((error: unknown) => {
    throw new StoreError(
      `cannot create the lock file ${file}: ${messageOf(error)}; check that the directory is writable`,
      { cause: error },
    );
  });
  const release: ReleaseLock = async () => {
    // Only this process replaces a lock it holds (a takeover needs its owner ended).
    if ((await readText(file)) === content) await rm(file, { force: true });
  };
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      if (await linkExclusive(temporary, file)) return release;
      const holder = await readText(file);
      if (holder === undefined) continue; // released meanwhile: try again
      const liveness = await livenessOf(holder);
      if (liveness !== "ended") throw alreadyOpen(directory, file, holder, liveness);
      const takeover = await takeOver(file, holder, temporary);
      if (takeover.taken) return release;
      if (takeover.busyWith !== undefined) {
        throw alreadyOpen(directory, file, takeover.busyWith, "running");
      }
    }
  } finally {
    await rm(temporary, { force: true });
  }
  throw new StoreError(
    `cannot take the lock file ${file}: other processes keep taking and releasing it; try again`,
  );
}

/**
 * Replaces the stale lock whose content is `stale` by this process's own, if this process
 * wins the takeover guard. `busyWith` is the content of a live process's guard: that process
 * is taking the lock over right now.
 */
async function takeOver(
  file: string,
  stale: string,
  temporary: string,
): Promise<{ taken: boolean; busyWith?: string }> {
  const guards: string[] = [];
  let key = stale;
  for (let depth = 0; depth < MAX_TAKEOVER_DEPTH; depth += 1) {
    const guard = `${file}.takeover-${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
    if (await linkExclusive(temporary, guard)) {
      guards.push(guard);
      if ((await readText(file)) !== stale) {
        // Someone else took it over first (and has since removed the guards we passed).
        await rm(guard, { force: true });
        return { taken: false };
      }
      await rename(temporary, file);
      // The lock no longer holds `stale`, so a guard of its chain can never win again.
      await Promise.all(guards.map((path) => rm(path, { force: true })));
      return { taken: true };
    }
    const guardOwner = await readText(guard);
    if (guardOwner === undefined) {
      // Removed by the winner, which has replaced the lock: look at the lock again.
      return { taken: false };
    }
    if ((await livenessOf(guardOwner)) !== "ended") return { taken: false, busyWith: guardOwner };
    guards.push(guard);
    key = `${key}\n${guardOwner}`;
  }
  throw new StoreError(
    `cannot take over the stale lock file ${file}: ${MAX_TAKEOVER_DEPTH} processes died while taking it over; delete ${file}* if no codeforge process is running`,
  );
}

function alreadyOpen(
  directory: string,
  file: string,
  holder: string,
  liveness: Liveness,
): StoreError {
  const owner = parseOwner(holder);
  const who =
    liveness === "this-process"
      ? "this process"
      : liveness === "unknown"
        ? `a codeforge process on another host or in another container (${owner?.host ?? "unknown host"}, pid ${owner?.pid ?? "unknown"}) whose state cannot be checked from here`
        : `another codeforge process (pid ${owner?.pid ?? "unknown"})`;
  return new StoreError(
    `the embedded store at ${directory} is already open in ${who}: wait for it to finish, or set DATABASE_URL to share a Postgres server; if no codeforge process is using it, delete ${file}`,
  );
}

async function currentOwner(): Promise<LockOwner> {
  const [startTime, bootId, pidNamespace] = await Promise.all([
    processStartTime(process.pid),
    readProcFile("/proc/sys/kernel/random/boot_id").then((text) => text?.trim() || null),
    readlink("/proc/self/ns/pid").catch(() => null),
  ]);
  return {
    pid: process.pid,
    startTime,
    bootId,
    pidNamespace,
    host: hostname(),
    nonce: randomUUID(),
  };
}

/** Whether the process that wrote a lock (or a takeover guard) still runs. */
async function livenessOf(holder: string): Promise<Liveness> {
  const owner = parseOwner(holder);
  if (!owner) return livenessOfLegacy(holder);
  const self = await currentOwner();
  if (owner.host !== self.host) return "unknown";
  if (owner.bootId !== null && self.bootId !== null && owner.bootId !== self.bootId) {
    return "ended"; // the machine has restarted since
  }
  if (owner.pidNamespace !== self.pidNamespace) return "unknown";
  if (owner.pid === process.pid) {
    return owner.startTime === self.startTime ? "this-process" : "ended";
  }
  if (owner.startTime !== null) {
    const startTime = await processStartTime(owner.pid);
    // A different start time is another process that was given the same pid.
    if (startTime !== null || self.startTime !== null) {
      return startTime === owner.startTime ? "running" : "ended";
    }
  }
  return signalReaches(owner.pid) ? "running" : "ended";
}

/** A lock written by an earlier version: `<pid> <time origin>`; anything else is garbage. */
function livenessOfLegacy(holder: string): Liveness {
  const pid = Number(holder.split(" ")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return "ended";
  return signalReaches(pid) ? "running" : "ended";
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (
      typeof value === "object" &&
      value !== null &&
      typeof value.pid === "number" &&
      typeof value.host === "string" &&
      typeof value.nonce === "string"
    ) {
      return {
        pid: value.pid,
        startTime: value.startTime ?? null,
        bootId: value.bootId ?? null,
        pidNamespace: value.pidNamespace ?? null,
        host: value.host,
        nonce: value.nonce,
      };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** Field 22 of `/proc/<pid>/stat`: the start time in clock ticks since boot; null without /proc. */
async function processStartTime(pid: number): Promise<string | null> {
  const stat = await readProcFile(`/proc/${pid}/stat`);
  if (stat === undefined) return null;
  // The command name (field 2) may hold spaces and parentheses: count from its closing one.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19] ?? null;
}

function signalReaches(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isCode(error, "EPERM");
  }
}

async function linkExclusive(source: string, target: string): Promise<boolean> {
  try {
    await link(source, target);
    return true;
  } catch (error) {
    if (isCode(error, "EEXIST")) return false;
    throw new StoreError(
      `cannot create the lock file ${target}: ${messageOf(error)}; check that the directory is writable and its file system supports hard links`,
      { cause: error },
    );
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (isCode(error, "ENOENT")) return undefined;
    throw new StoreError(`cannot read the lock file ${file}: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

/** A file of /proc, or undefined where there is none (not Linux) or it cannot be read. */
async function readProcFile(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
