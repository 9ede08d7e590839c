import { open, readFile, rm } from "node:fs/promises";
import { StoreError } from "./store-error.js";

/** Releases a lock taken by {@link lockDataDir}. */
export type ReleaseLock = () => Promise<void>;

/**
 * Takes the lock file `<directory>.lock` for the embedded store. PGlite lets a second
 * process open a data directory that is already open, and two Postgres instances writing
 * the same files corrupt them; the lock turns that into a clear error. A lock left by a
 * process that no longer runs is taken over.
 */
export async function lockDataDir(directory: string): Promise<ReleaseLock> {
  const file = `${directory}.lock`;
  // The process start time tells this process apart from an earlier one that had the same
  // pid (in a container every run can be pid 1).
  const owner = `${process.pid} ${Math.round(performance.timeOrigin)}`;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(owner);
      } finally {
        await handle.close();
      }
      return async () => {
        const current = await readFile(file, "utf8").catch(() => "");
        if (current === owner) await rm(file, { force: true });
      };
    } catch (error) {
      if (!isCode(error, "EEXIST")) {
        throw new StoreError(
          `cannot create the lock file ${file}: ${error instanceof Error ? error.message : String(error)}; check that the directory is writable`,
          { cause: error },
        );
      }
    }
    const holder = await readFile(file, "utf8").catch(() => "");
    if (holderIsRunning(holder, owner)) {
      const [pid] = holder.split(" ");
      const who = holder === owner ? "this process" : `another codeforge process (pid ${pid})`;
      throw new StoreError(
        `the embedded store at ${directory} is already open in ${who}: wait for it to finish, or set DATABASE_URL to share a Postgres server; if no codeforge process is running, delete ${file}`,
      );
    }
    await rm(file, { force: true });
  }
  throw new StoreError(`cannot take the lock file ${file}: another process keeps recreating it`);
}

function holderIsRunning(holder: string, self: string): boolean {
  const [pidText] = holder.split(" ");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return holder === self;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isCode(error, "EPERM");
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}
