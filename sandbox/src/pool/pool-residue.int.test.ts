import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandboxPool, type SandboxPool } from "./sandbox-pool.js";

const docker = new Docker();
const engine = await requireService("Docker engine", () => docker.ping());
const config = ConfigSchema.parse({
  sandbox: { guard: "off", memoryMb: 256, outputLimitBytes: 64 * 1024 },
}).sandbox;

/** Prints, as one JSON object, everything of the container a job can leave for the next. */
const LOOK_AROUND = `
import json, os, resource
def rows(path):
    with open(path) as handle:
        return [line.split()[1] for line in handle.read().splitlines()[1:] if line.strip()]
def listing(path):
    return sorted(os.listdir(path))
mine = os.path.basename(os.getcwd())
found = {
    "tmp": listing("/tmp"),
    "workspace": [entry for entry in listing("/workspace") if entry != mine],
    "devShm": listing("/dev/shm"),
    "mqueue": listing("/dev/mqueue"),
    "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid())),
    "sysvShm": rows("/proc/sysvipc/shm"),
    "sysvSem": rows("/proc/sysvipc/sem"),
    "sysvMsg": rows("/proc/sysvipc/msg"),
    "abstractSockets": [line.split()[-1] for line in open("/proc/net/unix").read().splitlines()[1:] if line.split()[-1].startswith("@")],
    "tmpXattrs": os.listxattr("/tmp"),
    "workspaceXattrs": os.listxattr("/workspace"),
    "modes": [oct(os.stat(path).st_mode & 0o7777) for path in ("/tmp", "/workspace")],
    "nofile": resource.getrlimit(resource.RLIMIT_NOFILE),
    "stack": resource.getrlimit(resource.RLIMIT_STACK),
    "nice": os.getpriority(os.PRIO_PROCESS, 0),
    "affinity": sorted(os.sched_getaffinity(0)),
}
print(json.dumps(found, sort_keys=True))
`;

/** Leaves every kind of residue a job of the sandbox user can leave. */
const LEAVE_RESIDUE = String.raw`
import ctypes, os, subprocess
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
IPC_CREAT = 0o1000
for path in ("/tmp/residue", "/workspace/residue", "/dev/shm/residue", "/dev/shm/sem.residue"):
    with open(path, "w") as handle:
        handle.write("secret")
os.mkfifo("/tmp/residue-fifo")
os.makedirs("/tmp/locked/deeper")
os.chmod("/tmp/locked", 0)
shm = libc.shmget(0x5EC1, 1 << 20, IPC_CREAT | 0o600)
address = libc.shmat(shm, None, 0)
ctypes.memmove(address, b"secret", 6)
libc.shmdt(ctypes.c_void_p(address))
assert libc.semget(0x5EC2, 1, IPC_CREAT | 0o600) >= 0
queue = libc.msgget(0x5EC3, IPC_CREAT | 0o600)
message = ctypes.create_string_buffer(ctypes.sizeof(ctypes.c_long) + 6)
ctypes.memmove(ctypes.addressof(message), ctypes.byref(ctypes.c_long(1)), ctypes.sizeof(ctypes.c_long))
ctypes.memmove(ctypes.addressof(message) + ctypes.sizeof(ctypes.c_long), b"secret", 6)
assert libc.msgsnd(queue, message, 6, 0) == 0
mq = libc.mq_open(b"/residue", os.O_CREAT | os.O_RDWR, 0o600, None)
assert mq >= 0 and libc.mq_send(mq, b"secret", 6, 0) == 0
subprocess.Popen(
    ["python3", "-c", "import socket, time\ns = socket.socket(socket.AF_UNIX)\ns.bind('\\0residue')\ntime.sleep(60)"],
    start_new_session=True,
)
os.setxattr("/tmp", "user.residue", b"secret")
os.setxattr("/workspace", "user.residue", b"secret")
os.chmod("/workspace", 0o700)
print(sorted(os.listdir("/dev/mqueue")), len(open("/proc/sysvipc/shm").read().splitlines()))
`;

/** Holds the container's memory in System V segments, nothing attached, until it is killed. */
const HOLD_MEMORY = `
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
for key in range(0x7000, 0x7040):
    segment = libc.shmget(key, 16 << 20, 0o1000 | 0o600)
    if segment < 0:
        break
    address = libc.shmat(segment, None, 0)
    if address in (None, ctypes.c_void_p(-1).value):
        break
    ctypes.memset(address, 1, 16 << 20)
    libc.shmdt(ctypes.c_void_p(address))
print("held")
`;

/** A correct program that needs most of a job's memory limit. */
const CORRECT_SAMPLE = `
block = bytearray(120 * 1024 * 1024)
for index in range(0, len(block), 4096):
    block[index] = 1
assert sum(block[::4096]) == len(block) // 4096
print("passed")
`;

describe.skipIf(!engine.available)(`pool clean-up between jobs ${engine.reason}`, () => {
  let pool: SandboxPool;
  let firstView: string;
  beforeAll(async () => {
    pool = createSandboxPool({ docker, config, size: 1 });
    const first = await pool.run({ language: "python", code: LOOK_AROUND });
    expect(first.stderr).toBe("");
    firstView = first.stdout;
  });
  afterAll(async () => {
    await pool.close();
  });

  it("gives the job after one that left every kind of residue the state the first job saw", async () => {
    const residue = await pool.run({ language: "python", code: LEAVE_RESIDUE });
    expect(residue).toMatchObject({ exitCode: 0, stderr: "", stdout: "['residue'] 2\n" });

    const next = await pool.run({ language: "python", code: LOOK_AROUND });

    expect(next.stderr).toBe("");
    expect(JSON.parse(next.stdout)).toEqual(JSON.parse(firstView));
    // Cleaned, not replaced: all of this can be undone in place.
    expect(next.containerId).toBe(residue.containerId);
  });

  it("restores the supervisor's rlimits a job lowered through prlimit, in place", async () => {
    // The supervisor (pid 1) runs as the job's user: prlimit reaches it, and every later job
    // would inherit what it set.
    const lowered = await pool.run({
      language: "python",
      code: [
        "import resource",
        "for limit, soft in ((resource.RLIMIT_NOFILE, 64), (resource.RLIMIT_STACK, 1 << 20)):",
        "    resource.prlimit(1, limit, (soft, resource.prlimit(1, limit)[1]))",
        "print(resource.prlimit(1, resource.RLIMIT_NOFILE)[0])",
      ].join("\n"),
    });
    expect(lowered).toMatchObject({ exitCode: 0, stdout: "64\n" });

    const next = await pool.run({ language: "python", code: LOOK_AROUND });

    expect(JSON.parse(next.stdout)).toEqual(JSON.parse(firstView));
    expect(next.containerId).toBe(lowered.containerId);
  });

  it("frees memory a job held in shared-memory segments, so correct samples after it pass", async () => {
    const hog = await pool.run({ language: "python", code: HOLD_MEMORY });
    expect(hog.exitCode === 0 || hog.oomKilled).toBe(true);

    const samples = [];
    for (let index = 0; index < 6; index += 1) {
      samples.push(await pool.run({ language: "python", code: CORRECT_SAMPLE }));
    }

    expect(samples.map((sample) => `${sample.exitCode} ${sample.stdout.trim()}`)).toEqual(
      Array(6).fill("0 passed"),
    );
    const after = await pool.run({ language: "python", code: LOOK_AROUND });
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(firstView));
  }, 120_000);

  it("replaces a container that holds more memory after clean-up than when idle", async () => {
    const replaced: string[] = [];
    // A slack below zero: any memory at all beyond the idle container's counts as a leftover.
    const strict = createSandboxPool({
      docker,
      config,
      size: 1,
      memorySlackBytes: -1,
      logger: {
        warn: () => undefined,
        debug: (fields, message) => {
          if (message.includes("replacing")) replaced.push(String(fields.reason));
        },
      },
    });
    try {
      const first = await strict.run({ language: "python", code: "print(1)" });
      const second = await strict.run({ language: "python", code: "print(2)" });

      expect([first.stdout, second.stdout]).toEqual(["1\n", "2\n"]);
      expect(second.containerId).not.toBe(first.containerId);
      expect(replaced[0]).toMatch(/retired its container: the container holds \d+ MiB/);
    } finally {
      await strict.close();
    }
  });

  it("replaces the container when a job changed what clean-up cannot restore", async () => {
    const lowered = await pool.run({
      language: "python",
      code: "import os\nos.setpriority(os.PRIO_PROCESS, 1, 10)\nprint(os.getpriority(os.PRIO_PROCESS, 1))",
    });
    expect(lowered.stdout).toBe("10\n");

    const next = await pool.run({ language: "python", code: LOOK_AROUND });

    expect(next.containerId).not.toBe(lowered.containerId);
    expect(JSON.parse(next.stdout)).toEqual(JSON.parse(firstView));
  });
});
