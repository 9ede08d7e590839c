/** What a check run's runner needs to know (see {@link pythonCheckRunner}). */
export interface PythonCheckRunnerOptions {
  /** The file beside the runner (`main.py`) that holds the code under test. */
  sampleFile: string;
  /** The file that holds the checks; the runner deletes it before the code starts. */
  checksFile: string;
  /** Send the code's `print`s to /dev/null (HumanEval+, as EvalPlus does). */
  silenceSample?: boolean;
  /**
   * A `codeforge run` test run rather than a benchmark check. The checks run as `__main__`;
   * the runner then calls the `test_*` functions they define and prints `passedLine`. A
   * function the checks call with a list, dict, set or bytearray gets it back as the code
   * left it (the code changes its own copy, in its own process); the code's plain
   * module-level values (numbers, strings, lists, ...) are in the checks' scope by value,
   * kept up to date after every request; a coroutine the code returns is run there and
   * comes back settled. When the code's process ends with status 0 before the checks
   * finished the runner prints `unfinishedLine` last and exits 1.
   */
  testRun?: { passedLine: string; unfinishedLine: string };
}

const SILENCE_SAMPLE = "__CODEFORGE_SILENCE_SAMPLE__";
const UNFINISHED_LINE = "__CODEFORGE_UNFINISHED_LINE__";
const PASSED_LINE = "__CODEFORGE_PASSED_LINE__";
const SAMPLE_FILE_NAME = "__CODEFORGE_SAMPLE_FILE__";
const CHECKS_FILE_NAME = "__CODEFORGE_CHECKS_FILE__";

/**
 * The check runner (`main.py` of a check run): two processes, so that nothing the code
 * under test can reach proves that the checks ran. Benchmark evaluation runs a sample's
 * checks with it, and `codeforge run` a program's tests.
 *
 * - The runner makes itself non-dumpable (no other process of the user may trace it or open
 *   its `/proc/<pid>/mem` or `/proc/<pid>/fd`), opens and deletes the checks' file, drops the
 *   folder the sample can write to from `sys.path`, and forks the sample's process BEFORE it
 *   reads the pass marker from stdin: the sample's memory never held the marker, its stdin is
 *   `/dev/null`, and it holds no descriptor of the checks or of the marker.
 * - The sample's process runs the sample's file as `__main__`, reports its global names, and
 *   then only answers requests: call this, get that attribute, compare, iterate. It sees the
 *   arguments it is called with and nothing of the checks.
 * - The runner runs the checks itself, with each of the sample's global names bound to a
 *   proxy that forwards to the sample's process. Plain data (None, bool, int, float, complex,
 *   str, bytes, bytearray, list, tuple, dict, set, frozenset) comes back by value through a
 *   restricted unpickler that can build nothing else; any other object stays in the sample's
 *   process and is used through a proxy. Asserts on plain results are evaluated here.
 * - Only when the checks returned normally, and every request was answered, does the runner
 *   kill the sample's process and print the marker as the last line of stdout. When the
 *   sample's process ends early the runner ends the same way (exit status or signal), without
 *   the marker (in a test run, status 0 becomes 1 with the unfinished line).
 */
const RUNNER = String.raw`import builtins, io, operator, os, pickle, signal, struct, sys, types

_SILENCE_SAMPLE = ${SILENCE_SAMPLE}
_UNFINISHED_LINE = ${UNFINISHED_LINE}
_PASSED_LINE = ${PASSED_LINE}
_TEST_RUN = _UNFINISHED_LINE is not None
_RUNNER_FILE = os.path.abspath(__file__)
_HERE = os.path.dirname(_RUNNER_FILE)
_PLAIN = frozenset(
    (type(None), bool, int, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset)
)
_PLAIN_CLASSES = (complex, bytearray, set, frozenset)
_MUTABLE = (list, dict, set, bytearray)
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
    import traceback  # only on a failure: a passing run does not pay for its import

    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename != _RUNNER_FILE
    ]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return "Traceback (most recent call last):\n" + "".join(lines) if frames else "".join(lines)


def _builtin(name):
    kind = getattr(builtins, name, None) if type(name) is str else None
    return kind if isinstance(kind, type) and issubclass(kind, BaseException) else None


def _serve(module, requests, replies):
    """The sample's side: answers the runner's requests until it hangs up. While it waits
    for a function of the checks that the sample called, it answers nested requests."""
    objects = {}

    class ChecksFunction:
        """A function the checks passed in: calling it asks the runner to call it."""

        __slots__ = ("key",)

        def __init__(self, key):
            self.key = key

        def __call__(self, *args, **kwargs):
            return exchange(("call", "call", (self,) + args, kwargs))

        def __repr__(self):
            return "<function of the checks>"

    def resolve(key):
        if type(key) is tuple and key[0] == "g":
            try:
                return module.__dict__[key[1]]
            except KeyError:
                raise NameError("name %r is not defined" % key[1]) from None
        if type(key) is tuple and key[0] == "p":
            return ChecksFunction(key[1])
        return objects[key]

    def keep(value):
        if type(value) is ChecksFunction:
            return ("p", value.key)
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

    class Dumper(pickle.Pickler):
        def persistent_id(self, value):
            return keep(value)

    def dump(value):
        buffer = io.BytesIO()
        Dumper(buffer, protocol=4).dump(value)
        return buffer.getvalue()

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

    def lineage(kind):
        """The classes of an exception as the runner knows them: the sample's global
        exception classes by name, then built-in ones."""
        entries = []
        for ancestor in kind.__mro__:
            name = getattr(ancestor, "__name__", None)
            if type(name) is str and module.__dict__.get(name) is ancestor:
                entries.append(("g", name))
            elif _builtin(name) is ancestor:
                entries.append(("b", name))
        return entries

    def failure(error, kind="return"):
        try:
            text = _format_error(error)
        except BaseException:  # noqa: BLE001
            text = type(error).__name__ + "\n"
        try:
            return dump((kind, 1, lineage(type(error)), error.args, text, error))
        except BaseException:  # noqa: BLE001
            return dump((kind, 1, lineage(type(error)), (), text, None))

    def handle(frame):
        if _TEST_RUN and len(frame) == 5 and frame[4] is True:
            return captured(frame[:4])
        try:
            _, operation, args, kwargs = frame
            result = operations[operation](*args, **kwargs)
            if _TEST_RUN and type(result) is types.CoroutineType:
                # The runner cannot await it here: run it to its end, send what it gave.
                import asyncio

                try:
                    return dump(("awaited", 0, asyncio.run(result)))
                except BaseException as error:  # noqa: BLE001 - the coroutine's failure
                    return failure(error, "awaited")
            if _TEST_RUN and operation == "call":
                # The runner's plain arguments were copies: send back the ones the code
                # could have changed, so that the runner sees them as the code left them.
                changed = [(index, value) for index, value in enumerate(args) if type(value) in _MUTABLE]
                changed += [(name, value) for name, value in kwargs.items() if type(value) in _MUTABLE]
                if changed:
                    return dump(("return", 0, result, changed))
            return dump(("return", 0, result))
        except BaseException as error:  # noqa: BLE001 - every failure is the sample's answer
            return failure(error)

    def captured(frame):
        """Handles a request while the checks have sys.stdout or sys.stderr redirected
        (contextlib.redirect_stdout): what the code prints goes to them, not to the run's
        output."""
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        try:
            payload = handle(frame)
        finally:
            out, err = sys.stdout.getvalue(), sys.stderr.getvalue()
            sys.stdout, sys.stderr = saved
        if out or err:
            _send(replies, dump(("output", out, err)))
        return payload

    sent_globals = {}

    def globals_changes():
        """The code's plain module-level values that changed since the runner last saw them
        (True, value), and names that are no longer plain (False, None)."""
        current = {}
        for name, value in list(module.__dict__.items()):
            if type(name) is str and not name.startswith("__") and type(value) in _PLAIN:
                try:
                    current[name] = (value, dump(value))
                except BaseException:  # noqa: BLE001 - not sendable: it stays a proxy
                    pass
        changes = [
            (name, True, value)
            for name, (value, data) in current.items()
            if sent_globals.get(name) != data
        ]
        changes += [(name, False, None) for name in sent_globals if name not in current]
        sent_globals.clear()
        sent_globals.update((name, data) for name, (_, data) in current.items())
        return changes

    def answer(payload):
        _flush()
        if _TEST_RUN:
            changes = globals_changes()
            if changes:
                _send(replies, dump(("globals", changes)))
        _send(replies, payload)

    def receive():
        data = _receive(requests)
        if data is None:
            _flush()
            os._exit(0)
        return Loader(io.BytesIO(data)).load()

    def exchange(message):
        answer(dump(message))
        while True:
            frame = receive()
            if frame[0] != "return":
                answer(handle(frame))
                continue
            if frame[1] == 0:
                return frame[2]
            _, _, entries, args, text, _ = frame
            kind = None
            for scope, name in entries:
                candidate = module.__dict__.get(name) if scope == "g" else _builtin(name)
                if isinstance(candidate, type) and issubclass(candidate, BaseException):
                    kind = candidate
                    break
            try:
                error = (kind or RuntimeError)(*args)
            except BaseException:  # noqa: BLE001
                error = RuntimeError(text)
            raise error

    def exception_classes():
        described = []
        for name, value in list(module.__dict__.items()):
            if (
                type(name) is str
                and not name.startswith("__")
                and isinstance(value, type)
                and issubclass(value, BaseException)
                and getattr(value, "__name__", None) == name
                and _builtin(name) is not value
            ):
                bases = []
                for base in value.__bases__:
                    entries = lineage(base)
                    if entries:
                        bases.append(entries[0])
                described.append((name, bases))
        return described

    names = [name for name in list(module.__dict__) if type(name) is str and not name.startswith("__")]
    answer(pickle.dumps((names, exception_classes()), protocol=4))
    while True:
        answer(handle(receive()))


def _run_sample(source, requests, replies):
    """The forked child: load the sample as __main__, report its names, serve requests."""
    empty = os.open(os.devnull, os.O_RDONLY)
    os.dup2(empty, 0)
    os.close(empty)
    sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", closefd=False)
    if _SILENCE_SAMPLE:
        sys.stdout = open(os.devnull, "w")
    path = os.path.join(_HERE, "${SAMPLE_FILE_NAME}")
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
        import traceback

        kind, value, trace = sys.exc_info()
        traceback.print_exception(kind, value, trace.tb_next if trace else None)
        _flush()
        os._exit(1)
    _serve(module, requests, replies)


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            pass


class _SampleGone(BaseException):
    """The sample's process ended before the checks did."""


class _Loader(pickle.Unpickler):
    """Builds plain data, proxies and the checks' own functions only: a reply can make
    nothing run in this process."""

    def __init__(self, data, local):
        super().__init__(io.BytesIO(data))
        self.local = local

    def find_class(self, module, name):
        if (module, name) in _ALLOWED_GLOBALS:
            return getattr(builtins, name)
        raise pickle.UnpicklingError("the sample's reply holds a %s.%s" % (module, name))

    def persistent_load(self, key):
        if type(key) is int:
            return _Remote(key)
        if type(key) is tuple and len(key) == 2 and key[0] == "p" and key[1] in self.local:
            return self.local[key[1]]
        raise pickle.UnpicklingError("the sample's reply holds a bad reference")


class _StandInType(type):
    """The class of a stand-in for one of the sample's exception classes."""

    def __instancecheck__(cls, value):
        if type(value) is _Remote:
            return _CHANNEL.call("isinstance", value, cls)
        return type.__instancecheck__(cls, value)


def _stand_in_getattr(self, name):
    remote = self.__dict__.get("_codeforge_remote")
    if remote is None or name.startswith("__"):
        raise AttributeError(name)
    return getattr(remote, name)


def _stand_in_str(self):
    remote = self.__dict__.get("_codeforge_remote")
    return str(remote) if remote is not None else BaseException.__str__(self)


def _stand_ins(described):
    """Local classes for the sample's exception classes, with the same names and built-in
    ancestry, so that the checks can catch them (except ConfigError) and read them."""
    bases_of = {
        name: bases for name, bases in described
        if type(name) is str and name.isidentifier() and not name.startswith("__") and type(bases) is list
    }
    made = {}

    def make(name, seen):
        if name in made:
            return made[name]
        bases = []
        for entry in bases_of[name]:
            if type(entry) is not tuple or len(entry) != 2:
                continue
            scope, base = entry
            if scope == "g" and base in bases_of and base not in seen:
                bases.append(make(base, seen | {name}))
            elif scope == "b" and _builtin(base) is not None:
                bases.append(_builtin(base))
        namespace = {
            "__getattr__": _stand_in_getattr,
            "__str__": _stand_in_str,
            "__module__": "__codeforge_checks__",
            "_codeforge_global": name,
        }
        try:
            made[name] = _StandInType(name, tuple(dict.fromkeys(bases)) or (Exception,), namespace)
        except TypeError:
            made[name] = _StandInType(name, (Exception,), namespace)
        return made[name]

    for name in bases_of:
        make(name, frozenset())
    return made


class _Dumper(pickle.Pickler):
    """Sends the sample's own objects back by reference, the checks' functions as functions
    the sample may call, and everything else by value."""

    def __init__(self, buffer, local):
        super().__init__(buffer, protocol=4)
        self.local = local

    def persistent_id(self, value):
        if type(value) is _Remote:
            return object.__getattribute__(value, "_codeforge_key")
        if type(value) is _StandInType:
            return ("g", value._codeforge_global)
        if isinstance(value, (types.FunctionType, types.MethodType)):
            key = len(self.local)
            self.local[key] = value
            return ("p", key)
        return None


class _Channel:
    def __init__(self, requests, replies):
        self.requests = requests
        self.replies = replies
        self.gone = False
        self.loading = False
        # The checks' functions the sample was given, which it may call back.
        self.local = {}
        self.exceptions = {}
        # Test runs: the checks' scope, and what the runner bound there for each of the
        # code's names (a name the checks rebound is theirs and is left alone).
        self.scope = None
        self.bound = {}
        self.accepted = frozenset()

    def send(self, message):
        buffer = io.BytesIO()
        _Dumper(buffer, self.local).dump(message)
        _flush()
        try:
            _send(self.requests, buffer.getvalue())
        except OSError:
            self.gone = True
            raise _SampleGone() from None

    def receive(self):
        try:
            data = _receive(self.replies)
        except OSError:
            data = None
        if data is None:
            self.gone = True
            raise _SampleGone()
        # A reply may name a proxy as a callable (REDUCE): calling out while loading is refused.
        self.loading = True
        try:
            frame = _Loader(data, self.local).load()
        finally:
            self.loading = False
        if type(frame) is not tuple or not frame:
            raise TypeError("the sample's process sent a malformed reply")
        return frame

    def bind(self, name, plain, value):
        """Binds one of the code's names in the checks' scope: a plain value, or a proxy."""
        if type(name) is not str or not name.isidentifier() or name.startswith("__"):
            return
        if name in self.scope and self.scope[name] is not self.bound.get(name, _UNBOUND):
            return
        value = value if plain is True else _Remote(("g", name))
        self.scope[name] = self.bound[name] = value

    def refresh(self, changes):
        for change in changes if type(changes) is list else ():
            if type(change) is tuple and len(change) == 3 and change[0] in self.bound:
                self.bind(*change)

    def receive_names(self, scope, sample, checks):
        """The code's global names and exception classes (its first reply). In a test run its
        plain values come first and are bound by value; a name that shadows a builtin counts
        only where the code's source binds it at the start of a line."""
        initial = []
        frame = self.receive()
        if _TEST_RUN and type(frame) is tuple and len(frame) == 2 and frame[0] == "globals":
            initial = frame[1] if type(frame[1]) is list else []
            frame = self.receive()
        if type(frame) is not tuple or len(frame) != 2 or type(frame[0]) is not list:
            raise TypeError("the sample's process sent a malformed reply")
        names, described = frame
        names = [
            name for name in names
            if type(name) is str and name.isidentifier() and not name.startswith("__")
        ]
        if not _TEST_RUN:
            return names, described
        import re

        text = sample.decode("utf-8", "replace")

        def bound_in_source(name):
            name = re.escape(name)
            pattern = r"^(?:(?:async[ \t]+def[ \t]+|def[ \t]+|class[ \t]+)?%s\b|(?:from[ \t]+\S+[ \t]+)?import[ \t][^#\n]*\b%s\b)" % (name, name)
            return re.search(pattern, text, re.M) is not None

        theirs = _names_bound_by(checks)
        names = [
            name for name in names
            if name not in theirs and (not hasattr(builtins, name) or bound_in_source(name))
        ]
        self.accepted = frozenset(names)
        self.scope = scope
        for change in initial:
            if type(change) is tuple and len(change) == 3 and change[0] in names:
                self.bind(*change)
        for name in names:
            if name not in self.bound:
                self.bind(name, False, None)
        return names, described

    def call(self, operation, *args, **kwargs):
        if self.gone:
            raise _SampleGone()
        if self.loading:
            raise pickle.UnpicklingError("the sample's reply tried to call back into it")
        if _TEST_RUN and (sys.stdout is not sys.__stdout__ or sys.stderr is not sys.__stderr__):
            # The checks capture what is printed: the code's output comes back to them.
            self.send(("call", operation, args, kwargs, True))
        else:
            self.send(("call", operation, args, kwargs))
        while True:
            frame = self.receive()
            if frame[0] == "call":
                self.answer(frame)
            elif frame[0] == "return" and len(frame) == 3 and frame[1] == 0:
                return frame[2]
            elif frame[0] == "return" and len(frame) == 4 and frame[1] == 0 and _TEST_RUN:
                _copy_back(args, kwargs, frame[3])
                return frame[2]
            elif frame[0] == "return" and len(frame) == 6 and frame[1] == 1:
                raise self.error(frame[2], frame[3], frame[4], frame[5])
            elif frame[0] == "awaited" and len(frame) == 3 and frame[1] == 0 and _TEST_RUN:
                return _settled(frame[2], None)
            elif frame[0] == "awaited" and len(frame) == 6 and frame[1] == 1 and _TEST_RUN:
                return _settled(None, self.error(frame[2], frame[3], frame[4], frame[5]))
            elif frame[0] == "globals" and len(frame) == 2 and _TEST_RUN and self.scope is not None:
                self.refresh(frame[1])
            elif frame[0] == "output" and len(frame) == 3 and _TEST_RUN:
                for stream, text in ((sys.stdout, frame[1]), (sys.stderr, frame[2])):
                    if type(text) is str and text:
                        stream.write(text)
            else:
                raise TypeError("the sample's process sent a malformed reply")

    def answer(self, frame):
        """The sample calls a function the checks gave it: run it here, send its result."""
        try:
            if len(frame) != 4 or frame[1] != "call":
                raise TypeError("the sample may only call the functions the checks gave it")
            args, kwargs = frame[2], frame[3]
            if type(args) is not tuple or not args or type(kwargs) is not dict:
                raise TypeError("the sample sent a malformed call")
            function = args[0]
            if not any(function is value for value in self.local.values()):
                raise TypeError("the sample may only call the functions the checks gave it")
            message = ("return", 0, function(*args[1:], **kwargs))
        except _SampleGone:
            raise
        except BaseException as error:  # noqa: BLE001 - the function's failure is its answer
            entries = []
            for ancestor in type(error).__mro__:
                if type(ancestor) is _StandInType:
                    entries.append(("g", ancestor._codeforge_global))
                elif _builtin(ancestor.__name__) is ancestor:
                    entries.append(("b", ancestor.__name__))
            message = ("return", 1, entries, error.args, _format_error(error), None)
            try:
                self.send(message)
            except pickle.PicklingError:
                self.send(("return", 1, entries, (), _format_error(error), None))
            return
        self.send(message)

    def error(self, entries, args, text, remote):
        kind = None
        for entry in entries if type(entries) is list else ():
            if type(entry) is not tuple or len(entry) != 2:
                continue
            scope, name = entry
            kind = self.exceptions.get(name) if scope == "g" else _builtin(name)
            if kind is not None:
                break
        error = None
        if kind is not None:
            try:
                error = kind(*args) if type(args) is tuple else kind()
            except BaseException:  # noqa: BLE001
                error = None
        if error is None:
            error = RuntimeError(text if type(text) is str else "the sample raised an error")
        if type(kind) is _StandInType and type(remote) is _Remote:
            error._codeforge_remote = remote
        error._codeforge_remote_traceback = text if type(text) is str else None
        return error


_UNBOUND = object()


def _writable(path):
    """Whether the code's process (the same user) could write at path. For root, which
    may write anywhere and never runs in the sandbox, only its own folders count."""
    if os.geteuid() != 0:
        return os.access(path, os.W_OK)
    real = os.path.realpath(path)
    places = [_HERE, os.getcwd(), os.environ.get("TMPDIR"), "/tmp", "/dev/shm"]
    return any(
        place and (real + os.sep).startswith(os.path.realpath(place) + os.sep) for place in places
    )


def _names_bound_by(source):
    """Every name the checks bind anywhere (assign, def, class, import, for, with, except,
    global): those are the checks' own, never the code's, in a test run."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(getattr(node, "name", None), str) and type(node).__name__ in ("MatchAs", "MatchStar"):
            bound.add(node.name)
        elif isinstance(getattr(node, "rest", None), str):
            bound.add(node.rest)
    return frozenset(bound)


def _run_tests_of(scope):
    """Runs what pytest would collect from the checks that they did not run themselves:
    their test_* functions, the test_* methods of their Test* classes, and their
    unittest.TestCase classes; coroutines are run to their end. Found here, not by the
    checks, whose names (globals, isinstance) the code could shadow."""
    import inspect

    def call(function):
        result = function()
        if inspect.iscoroutine(result):
            import asyncio

            asyncio.run(result)

    unittest = sys.modules.get("unittest")
    for name, value in list(scope.items()):
        if type(name) is not str:
            continue
        if name.startswith("test_") and type(value) is types.FunctionType:
            call(value)
        elif not (isinstance(value, type) and value.__module__ == scope["__name__"]):
            continue
        elif unittest is not None and issubclass(value, unittest.TestCase):
            suite = unittest.defaultTestLoader.loadTestsFromTestCase(value)
            outcome = unittest.TextTestRunner(stream=sys.stderr, verbosity=0).run(suite)
            if not outcome.wasSuccessful():
                raise AssertionError(
                    "%s: %d of %d tests failed" % (name, len(outcome.failures) + len(outcome.errors), outcome.testsRun)
                )
        elif name.startswith("Test") and value.__init__ is object.__init__ and value.__new__ is object.__new__:
            # As pytest: a Test* class with its own constructor (a dataclass of cases) is data.
            instance = value()
            for attribute in sorted(dir(value)):
                if attribute.startswith("test_") and callable(getattr(value, attribute, None)):
                    call(getattr(instance, attribute))


async def _settled(value, error):
    """A coroutine of the runner for one the code's process already ran to its end."""
    if error is not None:
        raise error
    return value


def _copy_back(args, kwargs, changed):
    """Gives the runner's list, dict, set and bytearray arguments the contents the code
    left in its copies (in place, so that the checks' own references see them)."""
    for where, value in changed if type(changed) is list else ():
        if type(where) is int and 0 <= where < len(args):
            original = args[where]
        elif type(where) is str:
            original = kwargs.get(where)
        else:
            continue
        if type(original) not in _MUTABLE or type(value) is not type(original):
            continue
        if type(original) in (list, bytearray):
            original[:] = value
        else:
            original.clear()
            original.update(value)


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
        try:
            signal.signal(number, signal.SIG_DFL)
        except (OSError, ValueError):  # SIGKILL and SIGSTOP cannot be set, and need not be
            pass
        os.kill(os.getpid(), number)
        os._exit(128 + number)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1
    if code == 0 and _UNFINISHED_LINE is not None:
        # Exit 0 is the runner's alone, after its last check: never the code's.
        os.write(1, ("\n" + _UNFINISHED_LINE + "\n").encode("utf-8"))
        os._exit(1)
    os._exit(code)


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
        # A test run imports nothing from a place the code's process could write to.
        and not (_TEST_RUN and _writable(entry))
    ]
    with open(os.path.join(_HERE, "${SAMPLE_FILE_NAME}"), "rb") as handle:
        sample = handle.read()
    checks_path = os.path.join(_HERE, "${CHECKS_FILE_NAME}")
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
    _CHANNEL = _Channel(request_write, reply_read)
    scope = {"__name__": "__main__" if _TEST_RUN else "__codeforge_checks__", "__builtins__": builtins}
    try:
        names, described = _CHANNEL.receive_names(scope, sample, checks)
        if not _TEST_RUN:
            for name in names:
                scope[name] = _Remote(("g", name))
        _CHANNEL.exceptions = _stand_ins(described if type(described) is list else [])
        if _TEST_RUN:
            # The same rule as for every other name of the code's.
            _CHANNEL.exceptions = {
                name: kind for name, kind in _CHANNEL.exceptions.items() if name in _CHANNEL.accepted
            }
        scope.update(_CHANNEL.exceptions)
        if _TEST_RUN and b"unittest" in checks:
            import unittest

            # The runner runs the checks' TestCase classes itself, after them; their
            # "if __name__ == '__main__': unittest.main()" would exit first.
            unittest.main = lambda *args, **kwargs: None
        exec(compile(checks, checks_path, "exec", dont_inherit=True), scope)
        if _TEST_RUN:
            _run_tests_of(scope)
            _flush()
            os.write(1, (_PASSED_LINE + "\n").encode("utf-8"))
    except _SampleGone:
        _end_like(pid)
    except BaseException as error:  # noqa: BLE001 - a failed check: print it, fail
        import linecache

        # The traceback shows the checks' lines, although their file is gone.
        linecache.cache[checks_path] = (
            len(checks), None, checks.decode("utf-8", "replace").splitlines(True), checks_path
        )
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

/** The check runner's source for one kind of run (see {@link PythonCheckRunnerOptions}). */
export function pythonCheckRunner(options: PythonCheckRunnerOptions): string {
  for (const file of [options.sampleFile, options.checksFile]) {
    if (!/^[\w.-]+\.py$/.test(file)) throw new Error(`not a plain Python file name: ${file}`);
  }
  return RUNNER.replace(SILENCE_SAMPLE, options.silenceSample === true ? "True" : "False")
    .replace(
      UNFINISHED_LINE,
      options.testRun === undefined ? "None" : JSON.stringify(options.testRun.unfinishedLine),
    )
    .replace(
      PASSED_LINE,
      options.testRun === undefined ? "None" : JSON.stringify(options.testRun.passedLine),
    )
    .replaceAll(SAMPLE_FILE_NAME, options.sampleFile)
    .replaceAll(CHECKS_FILE_NAME, options.checksFile);
}
