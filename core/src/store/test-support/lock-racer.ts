/**
 * A process that races for the embedded store, for the lock tests. Run with
 * `node --import tsx --conditions=source lock-racer.ts <mode> <directory>`. It prints
 * `ready`, waits for `go` on stdin, then tries, and prints one JSON line with its outcome.
 *
 * - `lock`: takes the data directory's lock and holds it until stdin ends.
 * - `store`: opens the store, records a finished task and closes it.
 * - `crash`: takes the lock and waits to be killed, leaving a stale lock behind.
 */
import { createInterface } from "node:readline";
import { lockDataDir } from "../data-dir-lock.js";
import { openStore } from "../open-store.js";
import { StoreError } from "../store-error.js";

const [mode, directory] = process.argv.slice(2);
if (!directory || !["lock", "store", "crash"].includes(mode ?? "")) {
  process.stderr.write("usage: lock-racer.ts lock|store|crash DIRECTORY\n");
  process.exit(2);
}

const lines = createInterface({ input: process.stdin });
const report = (outcome: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify(outcome)}\n`);

async function attempt(): Promise<void> {
  try {
    if (mode === "store") {
      const store = await openStore({ dataDir: directory, cwd: "/" });
      try {
        const task = await store.tasks.create({ prompt: `racer ${process.pid}` });
        await store.tasks.complete(task.id, { finalOutput: "done" });
        report({ outcome: "stored", taskId: task.id });
      } finally {
        await store.close();
      }
      return;
    }
    const release = await lockDataDir(directory as string);
    report({ outcome: "locked" });
    if (mode === "crash") return; // holds on until killed
    await new Promise<void>((resolve) => lines.once("close", resolve));
    await release();
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    report({ outcome: "refused", message: error.message });
  }
}

lines.on("line", (line) => {
  if (line === "go") void attempt().finally(() => mode !== "crash" && lines.close());
});
report({ outcome: "ready" });
