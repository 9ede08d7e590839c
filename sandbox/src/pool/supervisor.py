"""CodeForge warm-pool supervisor: runs inside one long-lived sandbox container.

Reads one JSON job per line on stdin and answers one JSON result per line on stdout.
Every job runs in a fresh child process, in its own new session, with its own working
directory, rlimits (CPU seconds, address space, processes, file size), a wall-clock kill
and capped output. After every job the container is brought back to the state the first
job saw: every other process is killed; every writable place (/tmp, /workspace, /dev/shm,
/dev/mqueue) is emptied and its mode and extended attributes restored; System V shared
memory, semaphores and message queues are removed; this process's own rlimits, nice
value, scheduling policy and CPU affinity (which a job of the same user can change with
prlimit or setpriority) are checked and restored. When that state cannot be restored, or
the memory the container holds beyond this process is above what it held idle, the
supervisor says why and exits: the host replaces the container before the next job.

The host starts it as `python3 -I -c <this source>` (the root filesystem is read-only and
the archive API cannot write into a tmpfs, so the source travels as an argument). It
runs only the standard library.
"""

import ctypes
import errno
import json
import os
import resource
import selectors
import shutil
import signal
import stat
import sys
import tempfile
import time

PROTOCOL_VERSION = 2
WRITABLE_ROOTS = ("/tmp", "/workspace", "/dev/shm", "/dev/mqueue")
SYSV_IPC_KINDS = ("shm", "sem", "msg")
IPC_RMID = 0
# Memory a clean container may hold beyond this process and beyond what it held idle
# (kernel bookkeeping, a page table or two); more means something of a job survived.
DEFAULT_MEMORY_SLACK_BYTES = 16 * 1024 * 1024
JOB_ROOT = "/workspace"
READ_CHUNK = 65536
# After the program exits, how long output still held open by a background child is read.
EXIT_GRACE_SECONDS = 0.2
MEMORY_MARKERS = (
    "MemoryError",
    "Cannot allocate memory",
    "std::bad_alloc",
    "out of memory",
    "JavaScript heap out of memory",
)
JOB_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/tmp",
    "TMPDIR": "/tmp",
    "LANG": "C.UTF-8",
    "PYTHONUNBUFFERED": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONIOENCODING": "utf-8",
    "MPLBACKEND": "Agg",
    "MPLCONFIGDIR": "/tmp/.matplotlib",
    # One BLAS thread: a job's address-space limit must not go to idle thread stacks.
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def emit(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def oom_kills():
    """The container's OOM-kill counter (cgroup v2 or v1), or None when unreadable."""
    for path, key in (
        ("/sys/fs/cgroup/memory.events", "oom_kill"),
        ("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill"),
    ):
        try:
            with open(path) as handle:
                for line in handle:
                    name, _, value = line.partition(" ")
                    if name == key:
                        return int(value)
        except (OSError, ValueError):
            continue
    return None


def safe_relative(path):
    """The host's rule for extra file paths (sandbox/src/spec/check-extra-files.ts)."""
    if not isinstance(path, str) or path == "" or path.startswith("/"):
        return False
    if "\0" in path or "\\" in path or path in ("main.py", ".codeforge-stdin"):
        return False
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts)


PR_SET_DUMPABLE = 4
LIBC = ctypes.CDLL(None, use_errno=True)


def set_dumpable(value):
    """prctl(PR_SET_DUMPABLE): a non-dumpable process cannot be traced, nor its /proc/<pid>/mem
    or /proc/<pid>/fd opened, by other processes of the same user."""
    return LIBC.prctl(PR_SET_DUMPABLE, value, 0, 0, 0) == 0


def limit_child(job):
    """Runs in the forked child before the program: rlimits and a high OOM score."""
    # Dumpable again (the supervisor is not): the job's own /proc files must be its own.
    set_dumpable(1)
    cpu = max(1, int(job["cpuSeconds"]))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = int(job["memoryBytes"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    processes = int(job["maxProcesses"])
    resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    file_size = int(job["fileSizeBytes"])
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        # Raising one's own OOM score needs no privilege: when the container runs out of
        # memory the kernel kills the job, never the supervisor.
        with open("/proc/self/oom_score_adj", "w") as handle:
            handle.write("1000")
    except OSError:
        pass


class Capture:
    """Keeps the first `limit` bytes of a stream and counts the rest."""

    def __init__(self, limit):
        self.limit = limit
        self.chunks = []
        self.kept = 0
        self.truncated = False

    def add(self, data):
        room = self.limit - self.kept
        if room > 0:
            piece = data[:room]
            self.chunks.append(piece)
            self.kept += len(piece)
        if len(data) > max(room, 0):
            self.truncated = True

    def text(self):
        return b"".join(self.chunks).decode("utf-8", errors="replace")


def exit_status(exit):
    """The process exit status CPython gives `raise SystemExit(code)`."""
    code = exit.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write("%s\n" % (code,))
    except BaseException:  # noqa: BLE001
        pass
    return 1


def run_program(path):
    """Runs main.py in this forked child as `python3 main.py` would, returning its status.

    The child is a fork of this already-started interpreter (what openai/human-eval's
    harness does with multiprocessing), which saves every job the interpreter start-up:
    a fresh `__main__`, `sys.argv`, `sys.path[0]`, environment and unbuffered standard
    streams make the program see what a fresh `python3 main.py` would. `random` reseeds
    itself after a fork.
    """
    import builtins
    import io
    import types

    os.environ.clear()
    os.environ.update(JOB_ENV)
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(
        io.FileIO(0, "r", closefd=False), encoding="utf-8", errors="strict"
    )
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(
        io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="strict", write_through=True
    )
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False),
        encoding="utf-8",
        errors="backslashreplace",
        write_through=True,
    )
    sys.argv = ["main.py"]
    sys.path.insert(0, os.path.dirname(path))
    sys.dont_write_bytecode = True
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = builtins
    main.__cached__ = None
    sys.modules["__main__"] = main
    try:
        with open(path, "rb") as handle:
            source = handle.read()
        code = compile(source, path, "exec", dont_inherit=True)
        exec(code, main.__dict__)
        status = 0
    except SystemExit as exit:
        status = exit_status(exit)
    except BaseException:  # noqa: BLE001 - uncaught in the program: print it as CPython does
        kind, value, trace = sys.exc_info()
        # Leave this function's own frame out of the traceback (the hook prints the
        # exception's own __traceback__).
        trace = trace.tb_next if trace is not None else None
        sys.excepthook(kind, value.with_traceback(trace), trace)
        status = 1
    return finish_program(status)


def finish_program(status):
    """What CPython does at exit: join threads, run atexit handlers, flush the streams."""
    try:
        threading = sys.modules.get("threading")
        if threading is not None:
            threading._shutdown()
        import atexit

        atexit._run_exitfuncs()
    except SystemExit as exit:
        status = exit_status(exit)
    except BaseException:  # noqa: BLE001
        sys.excepthook(*sys.exc_info())
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            status = 120 if status == 0 else status
    return status


def run_job(job):
    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="job-", dir=JOB_ROOT)
    with open(os.path.join(workdir, "main.py"), "w", encoding="utf-8") as handle:
        handle.write(job["code"])
    for relative, content in (job.get("files") or {}).items():
        if not safe_relative(relative):
            raise ValueError("file path %r must be relative and stay in the working directory" % relative)
        target = os.path.join(workdir, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(content)

    stdin_file = None
    if job.get("stdin") is not None:
        stdin_file = tempfile.TemporaryFile(dir="/tmp")
        stdin_file.write(job["stdin"].encode("utf-8"))
        stdin_file.seek(0)
    stdin_fd = stdin_file.fileno() if stdin_file else os.open(os.devnull, os.O_RDONLY)

    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    oom_before = oom_kills()
    pid = os.fork()
    if pid == 0:
        status = 127
        try:
            os.setsid()
            os.chdir(workdir)
            os.dup2(stdin_fd, 0)
            os.dup2(out_write, 1)
            os.dup2(err_write, 2)
            os.closerange(3, 65536)
            limit_child(job)
            status = run_program(os.path.join(workdir, "main.py"))
        except BaseException as error:  # noqa: BLE001 - report anything, then leave
            try:
                os.write(2, ("codeforge: could not start the program: %s\n" % error).encode())
            except BaseException:  # noqa: BLE001
                pass
        finally:
            os._exit(status)
    os.close(out_write)
    os.close(err_write)
    if stdin_file:
        stdin_file.close()
    else:
        os.close(stdin_fd)

    limit = int(job["outputLimitBytes"])
    captures = {out_read: Capture(limit), err_read: Capture(limit)}
    selector = selectors.DefaultSelector()
    for fd in captures:
        selector.register(fd, selectors.EVENT_READ)
    deadline = started + job["timeoutMs"] / 1000.0
    status = None
    rusage = None
    exited_at = None
    timed_out = False

    while True:
        if status is None:
            waited, status_value, usage = os.wait4(pid, os.WNOHANG)
            if waited == pid:
                status, rusage, exited_at = status_value, usage, time.monotonic()
        now = time.monotonic()
        if status is None and now >= deadline:
            timed_out = True
            kill_group(pid)
            _, status, rusage = os.wait4(pid, 0)
            exited_at = time.monotonic()
        open_streams = selector.get_map()
        if not open_streams:
            if status is not None:
                break
            # Both streams closed, the program still runs: wait for it (or the deadline).
            time.sleep(0.005)
            continue
        if status is not None and (timed_out or time.monotonic() - exited_at > EXIT_GRACE_SECONDS):
            break
        wait = 0.05 if status is None else EXIT_GRACE_SECONDS / 4
        for key, _ in selector.select(timeout=max(0.0, min(wait, deadline - now))):
            data = os.read(key.fd, READ_CHUNK)
            if data:
                captures[key.fd].add(data)
            else:
                selector.unregister(key.fd)
                os.close(key.fd)
    for fd in list(selector.get_map()):
        selector.unregister(fd)
        os.close(fd)
    selector.close()
    duration_ms = int((time.monotonic() - started) * 1000)

    stdout = captures[out_read].text()
    stderr = captures[err_read].text()
    exit_code = None
    killed_by = None
    if os.WIFEXITED(status):
        exit_code = os.WEXITSTATUS(status)
    elif os.WIFSIGNALED(status):
        killed_by = os.WTERMSIG(status)
    cpu_used = rusage.ru_utime + rusage.ru_stime if rusage else 0.0
    if killed_by in (signal.SIGXCPU,) or (
        killed_by == signal.SIGKILL and cpu_used >= int(job["cpuSeconds"])
    ):
        timed_out = True
    oom_after = oom_kills()
    # Only a job that failed can have run out of memory: a program that exits 0 may print
    # "MemoryError" (or catch one) and still be correct, so the text markers, the OOM
    # counter and a SIGKILL this supervisor did not send count only after a failure.
    failed = killed_by is not None or exit_code != 0
    oom_killed = failed and (
        (oom_before is not None and oom_after is not None and oom_after > oom_before)
        or any(marker in stderr[-4096:] for marker in MEMORY_MARKERS)
        or (killed_by == signal.SIGKILL and not timed_out)
    )
    if killed_by is not None and not timed_out:
        name = signal.Signals(killed_by).name
        stderr += "%scodeforge: the program was killed by %s\n" % (
            "" if stderr.endswith("\n") or stderr == "" else "\n",
            name,
        )
    return {
        "id": job["id"],
        "exitCode": exit_code,
        "stdout": stdout,
        "stderr": stderr,
        "timedOut": timed_out,
        "oomKilled": bool(oom_killed),
        "durationMs": duration_ms,
        "truncated": captures[out_read].truncated or captures[err_read].truncated,
        "peakMemoryBytes": (rusage.ru_maxrss * 1024) if rusage else None,
    }


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def other_processes():
    """Every other process still in /proc, zombies included: a zombie is still listed there,
    so the next job would see it until it is reaped (orphans are reaped by pid 1)."""
    mine = os.getpid()
    return [
        int(entry)
        for entry in os.listdir("/proc")
        if entry.isdigit() and int(entry) not in (mine, 1)
    ]


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_everything_else():
    """Kills every process this user may signal except this one; True when none is left."""
    for _ in range(200):
        try:
            # kill(-1) reaches every process we may signal except ourselves (and pid 1):
            # also the ones a job moved into a new session or process group.
            os.kill(-1, signal.SIGKILL)
        except OSError as error:
            if error.errno != errno.ESRCH:
                raise
        reap()
        if not other_processes():
            return True
        time.sleep(0.01)
    return False


def make_writable(function, path, _info):
    try:
        os.chmod(os.path.dirname(path), stat.S_IRWXU)
        os.chmod(path, stat.S_IRWXU)
    except OSError:
        pass
    function(path)


def unlock_tree(top):
    """Gives the owner back every permission on the directories under `top`: a job may have
    locked one (chmod 0), which rmtree alone cannot list, let alone empty."""
    pending = [top]
    while pending:
        path = pending.pop()
        try:
            os.chmod(path, stat.S_IRWXU)
            entries = os.listdir(path)
        except OSError:
            continue
        for entry in entries:
            child = os.path.join(path, entry)
            if os.path.isdir(child) and not os.path.islink(child):
                pending.append(child)


def empty_writable_places():
    """Deletes everything under the writable roots; True when they are all empty."""
    for root in WRITABLE_ROOTS:
        try:
            entries = os.listdir(root)
        except OSError:
            continue
        for entry in entries:
            path = os.path.join(root, entry)
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    unlock_tree(path)
                    shutil.rmtree(path, onerror=make_writable)
                else:
                    os.unlink(path)
            except OSError:
                pass
    return all(not os.listdir(root) for root in WRITABLE_ROOTS if os.path.isdir(root))


def sysv_ipc_ids(kind):
    """Ids of the System V IPC objects of one kind (shm, sem, msg) in this IPC namespace."""
    try:
        with open("/proc/sysvipc/" + kind) as handle:
            lines = handle.read().splitlines()[1:]
    except OSError:
        return []
    return [int(line.split()[1]) for line in lines if line.strip()]


def remove_sysv_ipc():
    """Removes every System V shared-memory segment, semaphore set and message queue. A
    removed segment is freed once no process has it attached, and none is left running."""
    for ident in sysv_ipc_ids("shm"):
        LIBC.shmctl(ident, IPC_RMID, None)
    for ident in sysv_ipc_ids("sem"):
        LIBC.semctl(ident, 0, IPC_RMID)
    for ident in sysv_ipc_ids("msg"):
        LIBC.msgctl(ident, IPC_RMID, None)
    return [kind for kind in SYSV_IPC_KINDS if sysv_ipc_ids(kind)]


def abstract_sockets():
    """Abstract unix sockets bound in this network namespace (they die with their process)."""
    try:
        with open("/proc/net/unix") as handle:
            lines = handle.read().splitlines()[1:]
    except OSError:
        return []
    return [line.split()[-1] for line in lines if len(line.split()) >= 8 and line.split()[-1].startswith("@")]


def cgroup_memory_bytes():
    """Anonymous plus shared (tmpfs, /dev/shm, System V) memory charged to the container,
    from cgroup v2 or v1; None when unreadable. Page cache is left out: the kernel reclaims it."""
    for path, keys in (
        ("/sys/fs/cgroup/memory.stat", ("anon", "shmem")),
        ("/sys/fs/cgroup/memory/memory.stat", ("total_rss", "total_shmem")),
    ):
        try:
            with open(path) as handle:
                values = dict(line.split() for line in handle if line.strip())
            return sum(int(values[key]) for key in keys)
        except (OSError, KeyError, ValueError):
            continue
    return None


def own_anonymous_bytes():
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def memory_beyond_self():
    """The container's memory not held by this process, or None when unreadable."""
    total = cgroup_memory_bytes()
    return None if total is None else max(0, total - own_anonymous_bytes())


def all_rlimits():
    return {
        name: getattr(resource, name)
        for name in dir(resource)
        if name.startswith("RLIMIT_") and isinstance(getattr(resource, name), int)
    }


class ContainerState:
    """What the first job saw and later jobs must see again: taken once, before any job."""

    def __init__(self):
        self.modes = {}
        for root in WRITABLE_ROOTS:
            try:
                self.modes[root] = stat.S_IMODE(os.stat(root).st_mode)
            except OSError:
                pass
        self.rlimits = {name: resource.getrlimit(value) for name, value in all_rlimits().items()}
        self.nice = os.getpriority(os.PRIO_PROCESS, 0)
        self.scheduler = os.sched_getscheduler(0)
        self.affinity = os.sched_getaffinity(0)
        self.memory = memory_beyond_self()
        try:
            self.slack = int(os.environ.get("POOL_MEMORY_SLACK_BYTES", ""))
        except ValueError:
            self.slack = DEFAULT_MEMORY_SLACK_BYTES

    def restore(self):
        """Brings the container back to this state after a job. Returns what could not be
        restored (empty when the next job may run here)."""
        problems = []
        if not kill_everything_else():
            problems.append("processes survived SIGKILL")
        if not empty_writable_places():
            problems.append("files could not be deleted")
        problems.extend(self.restore_roots())
        problems.extend("System V %s objects could not be removed" % kind for kind in remove_sysv_ipc())
        sockets = abstract_sockets()
        if sockets:
            problems.append("abstract unix sockets are still bound: %s" % ", ".join(sockets[:5]))
        problems.extend(self.restore_process())
        memory = memory_beyond_self()
        if self.memory is not None and memory is not None and memory > self.memory + self.slack:
            problems.append(
                "the container holds %d MiB beyond the supervisor, %d MiB when idle"
                % (memory // 1048576, self.memory // 1048576)
            )
        return problems

    def restore_roots(self):
        problems = []
        for root, mode in self.modes.items():
            try:
                if stat.S_IMODE(os.stat(root).st_mode) != mode:
                    os.chmod(root, mode)
                for name in os.listxattr(root):
                    os.removexattr(root, name)
            except OSError as error:
                # Roots owned by root (/dev/shm, /dev/mqueue) cannot be changed by a job
                # either; report only what differs from the first job's view.
                if error.errno not in (errno.EPERM, errno.ENOTSUP):
                    problems.append("%s could not be restored: %s" % (root, error))
            try:
                if stat.S_IMODE(os.stat(root).st_mode) != mode or os.listxattr(root):
                    problems.append("%s has another mode or extended attributes" % root)
            except OSError:
                pass
        return problems

    def restore_process(self):
        """A job runs as this user, so prlimit(1), setpriority and sched_setaffinity reach
        this process and, through it, every later job."""
        problems = []
        for name, value in all_rlimits().items():
            wanted = self.rlimits.get(name)
            if wanted is None or resource.getrlimit(value) == wanted:
                continue
            try:
                resource.setrlimit(value, wanted)
            except (OSError, ValueError):
                problems.append("%s was lowered to %s" % (name, resource.getrlimit(value)))
        if os.getpriority(os.PRIO_PROCESS, 0) != self.nice:
            problems.append("the nice value was changed")
        if os.sched_getscheduler(0) != self.scheduler:
            problems.append("the scheduling policy was changed")
        if os.sched_getaffinity(0) != self.affinity:
            try:
                os.sched_setaffinity(0, self.affinity)
            except OSError:
                problems.append("the CPU affinity was changed")
        return problems


def main():
    if os.geteuid() == 0:
        # kill(-1) as root would reach every process on the machine: never run as root.
        sys.stderr.write("codeforge supervisor: refusing to run as root\n")
        return 2
    os.umask(0o077)
    # Jobs run as the same user: they must not trace this process, read its memory or
    # write into its stdout (the results channel) through /proc/1/fd.
    if not set_dumpable(0):
        sys.stderr.write("codeforge supervisor: could not make itself non-dumpable\n")
        return 2
    first_state = ContainerState()
    emit({"ready": True, "protocol": PROTOCOL_VERSION, "pid": os.getpid()})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        job = None
        try:
            job = json.loads(line)
            result = run_job(job)
        except Exception as error:  # noqa: BLE001 - the host decides what a fault means
            result = {
                "id": job.get("id") if isinstance(job, dict) else None,
                "error": "%s: %s" % (type(error).__name__, error),
            }
        # Answer first, clean after: the host sends the next job meanwhile, and it is read
        # only once the container is clean again (or never: this process exits instead,
        # and the host reruns that unread job on a fresh container).
        emit(result)
        problems = first_state.restore()
        if problems:
            reason = "; ".join(problems)
            emit({"retired": reason})
            sys.stderr.write("codeforge supervisor: could not clean up after a job (%s); exiting\n" % reason)
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
