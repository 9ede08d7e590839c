/** The file a check run holds the sample's program in, beside the runner (`main.py`). */
export const SAMPLE_FILE = "sample.py";

/** The file a check run holds the checks in; the runner deletes it before the sample starts. */
export const CHECK_PROGRAM_FILE = "checks.py";

const SILENCE_SAMPLE = "__CODEFORGE_SILENCE_SAMPLE__";

/**
 * The check runner (`main.py` of a check run): two processes, so that nothing the sample
 * can reach proves that the checks ran.
 *
 * - The runner makes itself non-dumpable (no other process of the user may trace it or open
 *   its `/proc/<pid>/mem` or `/proc/<pid>/fd`), opens and deletes `checks.py`, drops the
 *   folder the sample can write to from `sys.path`, and forks the sample's process BEFORE it
 *   reads the pass marker from stdin: the sample's memory never held the marker, its stdin is
 *   `/dev/null`, and it holds no descriptor of the checks or of the marker.
 * - The sample's process runs `sample.py` as `__main__`, reports its global names, and then
 *   only answers requests: call this, get that attribute, compare, iterate. It sees the
 *   arguments it is called with and nothing of the checks.
 * - The runner runs `checks.py` itself, with each of the sample's global names bound to a
 *   proxy that forwards to the sample's process. Plain data (None, bool, int, float, complex,
 *   str, bytes, bytearray, list, tuple, dict, set, frozenset) comes back by value through a
 *   restricted unpickler that can build nothing else; any other object stays in the sample's
 *   process and is used through a proxy. Asserts on plain results are evaluated here.
 * - Only when the checks returned normally, and every request was answered, does the runner
 *   kill the sample's process and print the marker as the last line of stdout. When the
 *   sample's process ends early the runner ends the same way (exit status or signal), without
 *   the marker.
 */
const RUNNER = String.raw`import builtins, io, linecache, operator, os, pickle, signal, struct, sys, traceback, types

_SILENCE_SAMPLE = ${SILENCE_SAMPLE}
_RUNNER_FILE = os.path.abspath(__file__)
_HERE = os.path.dirname(_RUNNER_FILE)
_PLAIN = frozenset(
    (type(None), bool, int, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset)
)
_PLAIN_CLASSES = (complex, bytearray, set, frozenset)
_ALLOWED_GLOBALS = frozenset(
    (("builtins", "complex"), ("builtins", "bytearray"), ("builtins", "set"), ("builtins", "frozenset"))
)


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd, size):
    chunks = []
    while size > 0:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _send(fd, payload):
    _write_all(fd, struct.pack("<Q", len(payload)) + payload)


def _receive(fd):
    header = _read_exactly(fd, 8)
    if header is None:
        return None
    return _read_exactly(fd, struct.unpack("<Q", header)[0])


def _format_error(error):
    """The traceback of an error without the runner's own frames."""
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename != _RUNNER_FILE
    ]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return "Traceback (most recent call last):\n" + "".join(lines) if frames else "".join(lines)


def _serve(module, requests, replies):
    """The sample's side: answers requests about its objects until the runner hangs up."""
    objects = {}

    def resolve(key):
        if isinstance(key, tuple):
            try:
                return module.__dict__[key[1]]
            except KeyError:
                raise NameError("name %r is not defined" % key[1]) from None
        return objects[key]

    def keep(value):
        # Plain data, and the few classes a plain value's pickle names (complex(...)), go
        # by value; anything else stays here and goes as a reference.
        if type(value) in _PLAIN or any(value is kind for kind in _PLAIN_CLASSES):
            return None
        key = len(objects)
        objects[key] = value
        return key

    class Loader(pickle.Unpickler):
        def persistent_load(self, key):
            return resolve(key)

    operations = {
        "call": lambda function, *args, **kwargs: function(*args, **kwargs),
        "getattr": getattr,
        "setattr": setattr,
        "delattr": delattr,
        "len": len,
        "iter": iter,
        "next": next,
        "reversed": reversed,
        "bool": bool,
        "hash": hash,
        "repr": repr,
        "str": str,
        "format": format,
        "float": float,
        "int": int,
        "complex": complex,
        "round": round,
        "abs": abs,
        "isinstance": isinstance,
        "issubclass": issubclass,
        "enter": lambda value: type(value).__enter__(value),
        "exit": lambda value, *args: type(value).__exit__(value, *args),
    }
    for name in (
        "getitem setitem delitem contains index neg pos invert eq ne lt le gt ge add sub mul "
        "truediv floordiv mod pow matmul lshift rshift and_ or_ xor"
    ).split():
        operations[name] = getattr(operator, name)

    class Dumper(pickle.Pickler):
        def persistent_id(self, value):
            return keep(value)

    def dump(value):
        buffer = io.BytesIO()
        Dumper(buffer, protocol=4).dump(value)
        return buffer.getvalue()

    while True:
        request = _receive(requests)
        if request is None:
            return
        try:
            operation, args, kwargs = Loader(io.BytesIO(request)).load()
            reply = dump((0, operations[operation](*args, **kwargs)))
        except BaseException as error:  # noqa: BLE001 - every failure is the sample's answer
            try:
                text = _format_error(error)
            except BaseException:  # noqa: BLE001
                text = type(error).__name__ + "\n"
            try:
                reply = dump((1, type(error).__name__, error.args, text))
            except BaseException:  # noqa: BLE001
                reply = dump((1, type(error).__name__, (), text))
        try:
            sys.stdout.flush()
        except BaseException:  # noqa: BLE001
            pass
        _send(replies, reply)


def _run_sample(source, requests, replies):
    """The forked child: load the sample as __main__, report its names, serve requests."""
    empty = os.open(os.devnull, os.O_RDONLY)
    os.dup2(empty, 0)
    os.close(empty)
    sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", closefd=False)
    if _SILENCE_SAMPLE:
        sys.stdout = open(os.devnull, "w")
    path = os.path.join(_HERE, "${SAMPLE_FILE}")
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    try:
        exec(compile(source, path, "exec", dont_inherit=True), module.__dict__)
    except SystemExit as exit:
        code = exit.code
        status = 0 if code is None else code & 0xFF if isinstance(code, int) else 1
        if not isinstance(code, (int, type(None))):
            sys.stderr.write("%s\n" % (code,))
        _flush()
        os._exit(status)
    except BaseException:  # noqa: BLE001 - the sample failed to load: print it as CPython does
        kind, value, trace = sys.exc_info()
        traceback.print_exception(kind, value, trace.tb_next if trace else None)
        _flush()
        os._exit(1)
    names = [name for name in list(module.__dict__) if isinstance(name, str)]
    _flush()
    _send(replies, pickle.dumps([name for name in names if not name.startswith("__")], protocol=4))
    _serve(module, requests, replies)
    _flush()
    os._exit(0)


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            pass


class _SampleGone(BaseException):
    """The sample's process ended before the checks did."""


class _Loader(pickle.Unpickler):
    """Builds plain data and proxies only: a reply can make nothing run in this process."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED_GLOBALS:
            return getattr(builtins, name)
        raise pickle.UnpicklingError("the sample's reply holds a %s.%s" % (module, name))

    def persistent_load(self, key):
        if type(key) is not int:
            raise pickle.UnpicklingError("the sample's reply holds a bad reference")
        return _Remote(key)


class _Channel:
    def __init__(self, requests, replies):
        self.requests = requests
        self.replies = replies
        self.gone = False
        self.loading = False

    def call(self, operation, *args, **kwargs):
        if self.gone:
            raise _SampleGone()
        if self.loading:
            raise pickle.UnpicklingError("the sample's reply tried to call back into it")
        buffer = io.BytesIO()
        _Dumper(buffer, protocol=4).dump((operation, args, kwargs))
        _flush()
        try:
            _send(self.requests, buffer.getvalue())
            reply = _receive(self.replies)
        except OSError:
            reply = None
        if reply is None:
            self.gone = True
            raise _SampleGone()
        # A reply may name a proxy as a callable (REDUCE): calling out while loading is refused.
        self.loading = True
        try:
            reply = _Loader(io.BytesIO(reply)).load()
        finally:
            self.loading = False
        if type(reply) is not tuple or not reply:
            raise TypeError("the sample's process sent a malformed reply")
        if reply[0] == 0 and len(reply) == 2:
            return reply[1]
        raise _remote_error(reply)


def _remote_error(reply):
    name, args, text = (reply[1:] + (None, None, None))[:3]
    kind = getattr(builtins, name, None) if type(name) is str else None
    if not (isinstance(kind, type) and issubclass(kind, BaseException)):
        kind = None
    error = None
    if kind is not None:
        try:
            error = kind(*args) if type(args) is tuple else kind()
        except BaseException:  # noqa: BLE001
            error = None
    if error is None:
        error = RuntimeError("%s: %s" % (name, args))
    error._codeforge_remote_traceback = text if type(text) is str else None
    return error


class _Dumper(pickle.Pickler):
    """Sends the sample's own objects back by reference, everything else by value."""

    def persistent_id(self, value):
        if type(value) is _Remote:
            return object.__getattribute__(value, "_codeforge_key")
        return None


_CHANNEL = None


class _Remote:
    """An object of the sample's process; every use is a request to it."""

    __slots__ = ("_codeforge_key",)

    def __init__(self, key):
        object.__setattr__(self, "_codeforge_key", key)

    def __getattr__(self, name):
        return _CHANNEL.call("getattr", self, name)

    def __setattr__(self, name, value):
        _CHANNEL.call("setattr", self, name, value)

    def __delattr__(self, name):
        _CHANNEL.call("delattr", self, name)

    def __call__(self, *args, **kwargs):
        return _CHANNEL.call("call", self, *args, **kwargs)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __instancecheck__(self, value):
        return _CHANNEL.call("isinstance", value, self)

    def __subclasscheck__(self, value):
        return _CHANNEL.call("issubclass", value, self)

    def __enter__(self):
        return _CHANNEL.call("enter", self)

    def __exit__(self, *args):
        return _CHANNEL.call("exit", self, *args)

    def __format__(self, spec):
        return _CHANNEL.call("format", self, spec)

    def __round__(self, *args):
        return _CHANNEL.call("round", self, *args)


def _forward(operation):
    return lambda self, *args: _CHANNEL.call(operation, self, *args)


def _reflected(operation):
    return lambda self, other: _CHANNEL.call(operation, other, self)


for _name, _operation in (
    ("len", "len"), ("iter", "iter"), ("next", "next"), ("reversed", "reversed"),
    ("bool", "bool"), ("hash", "hash"), ("repr", "repr"), ("str", "str"), ("float", "float"),
    ("int", "int"), ("complex", "complex"), ("index", "index"), ("abs", "abs"), ("neg", "neg"),
    ("pos", "pos"), ("invert", "invert"), ("getitem", "getitem"), ("setitem", "setitem"),
    ("delitem", "delitem"), ("contains", "contains"), ("eq", "eq"), ("ne", "ne"), ("lt", "lt"),
    ("le", "le"), ("gt", "gt"), ("ge", "ge"),
):
    setattr(_Remote, "__%s__" % _name, _forward(_operation))
for _name, _operation in (
    ("add", "add"), ("sub", "sub"), ("mul", "mul"), ("truediv", "truediv"),
    ("floordiv", "floordiv"), ("mod", "mod"), ("pow", "pow"), ("matmul", "matmul"),
    ("lshift", "lshift"), ("rshift", "rshift"), ("and", "and_"), ("or", "or_"), ("xor", "xor"),
):
    setattr(_Remote, "__%s__" % _name, _forward(_operation))
    setattr(_Remote, "__r%s__" % _name, _reflected(_operation))


def _nondumpable():
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0) == 0
    except Exception:  # noqa: BLE001
        return False


def _end_like(pid):
    """Ends this process as the sample's process ended: same exit status, or same signal."""
    _, status = os.waitpid(pid, 0)
    _flush()
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
        os._exit(128 + number)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def _main():
    global _CHANNEL
    if not _nondumpable():
        sys.stderr.write(
            "codeforge: the check runner could not make itself non-dumpable (prctl), so the "
            "sample could read its pass marker: run evaluation on Linux with ctypes available\n"
        )
        sys.exit(2)
    # The sample can write into this folder: nothing may be imported from it from now on.
    here = os.path.realpath(_HERE)
    cwd = os.path.realpath(os.getcwd())
    sys.path[:] = [
        entry for entry in sys.path
        if entry and os.path.realpath(entry) not in (here, cwd)
    ]
    with open(os.path.join(_HERE, "${SAMPLE_FILE}"), "rb") as handle:
        sample = handle.read()
    checks_path = os.path.join(_HERE, "${CHECK_PROGRAM_FILE}")
    checks_fd = os.open(checks_path, os.O_RDONLY)
    try:
        os.unlink(checks_path)
    except OSError:
        pass
    request_read, request_write = os.pipe()
    reply_read, reply_write = os.pipe()
    _flush()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(checks_fd)
            os.close(request_write)
            os.close(reply_read)
            _run_sample(sample, request_read, reply_write)
        finally:
            os._exit(1)
    os.close(request_read)
    os.close(reply_write)
    marker = sys.stdin.readline().strip()
    with os.fdopen(checks_fd, "rb") as handle:
        checks = handle.read()
    # Tracebacks of failed checks show their lines, although the file is gone.
    linecache.cache[checks_path] = (
        len(checks), None, checks.decode("utf-8", "replace").splitlines(True), checks_path
    )
    names = _receive(reply_read)
    if names is None:
        _end_like(pid)
    _CHANNEL = _Channel(request_write, reply_read)
    scope = {"__name__": "__codeforge_checks__", "__builtins__": builtins}
    for name in _Loader(io.BytesIO(names)).load():
        if type(name) is str and name.isidentifier():
            scope[name] = _Remote(("g", name))
    try:
        exec(compile(checks, checks_path, "exec", dont_inherit=True), scope)
    except _SampleGone:
        _end_like(pid)
    except BaseException as error:  # noqa: BLE001 - a failed check: print it, fail
        remote = getattr(error, "_codeforge_remote_traceback", None)
        if remote:
            sys.stderr.write("In the sample's process:\n" + remote)
        sys.stderr.write(_format_error(error))
        _kill(pid)
        _flush()
        os._exit(1)
    if _CHANNEL.gone:
        _end_like(pid)
    _kill(pid)
    _flush()
    os.write(1, ("\n" + marker + "\n").encode("ascii"))
    os._exit(0)


_main()
`;

/** The check runner's source; `silenceSample` sends the sample's `print`s to /dev/null. */
export function checkRunnerSource(silenceSample: boolean): string {
  return RUNNER.replace(SILENCE_SAMPLE, silenceSample ? "True" : "False");
}
