/** What a Node test run's runner needs to know (see {@link nodeCheckRunner}). */
export interface NodeCheckRunnerOptions {
  /** The file beside the runner (`main.js`) that holds the code under test. */
  programFile: string;
  /** The file that holds the tests. */
  testsFile: string;
  /** Printed last, with exit 1, when the program's process ends before the tests finished. */
  unfinishedLine: string;
}

const PROGRAM_FILE_NAME = "__CODEFORGE_PROGRAM_FILE__";
const TESTS_FILE_NAME = "__CODEFORGE_TESTS_FILE__";
const UNFINISHED_LINE = "__CODEFORGE_UNFINISHED_LINE__";

/**
 * The Node test runner (`main.js` of a `codeforge run` test run): the program and its tests
 * in two processes, so that nothing the program can reach proves that the tests ran. The
 * design follows the Python check runner (`python-check-runner.ts`):
 *
 * - The runner reads the pass marker from stdin, then starts the program's process (this
 *   same file with `--codeforge-program`, stdin `/dev/null`) and talks to it over two
 *   FIFOs whose names are gone once both ends are open.
 * - The program's process runs the program as the main module (its `require.main ===
 *   module` guard runs first, as a user would run it), reports which of the names the
 *   tests use it defines, and then only answers requests: read this name, call this, get
 *   that property. Promises it returns are settled there first.
 * - The runner runs the tests with those names looked up through the program's process on
 *   every use (a `with` scope). Plain data (primitives, plain arrays and objects, Map, Set,
 *   Date, RegExp, typed arrays) crosses by value, and a plain container the program was
 *   called with comes back as the program left it; anything else stays in its process and
 *   is used through a proxy. The program may only call the functions the tests gave it.
 * - The runner prints the marker and exits 0 only when the tests returned and its own
 *   process ends with status 0 while the program's process still answered; otherwise it
 *   ends as the program's process did (status 0 becomes 1 with the unfinished line).
 *
 * Node cannot make the runner non-dumpable, so the program's process (same user) can read
 * the marker through the runner's `/proc/<pid>/fd/0` or memory. That is not enough to pass:
 * a pass needs the runner's exit 0 as well, which it cannot set, and the runner's last line
 * comes after the program's process ended. A program that writes into the runner's memory
 * through `/proc/<pid>/mem` is the one way left (docs/pipeline.md).
 */
const RUNNER = String.raw`"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const util = require("node:util");
const v8 = require("node:v8");
const vm = require("node:vm");
const Module = require("node:module");
const { spawn, execFileSync } = require("node:child_process");

const RUNNER_FILE = __filename;
const PROGRAM_FILE = path.join(__dirname, "${PROGRAM_FILE_NAME}");
const TESTS_FILE = path.join(__dirname, "${TESTS_FILE_NAME}");
const UNFINISHED_LINE = ${UNFINISHED_LINE};
const PROGRAM_FLAG = "--codeforge-program";
const WRAPPER_NAMES = ["exports", "require", "module", "__filename", "__dirname"];
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with yield let static implements interface package private " +
    "protected public await arguments eval undefined NaN Infinity " + WRAPPER_NAMES.join(" ")).split(" "),
);
const ERROR_CLASSES = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };
const WELL_KNOWN = new Map(
  Object.getOwnPropertyNames(Symbol)
    .filter((name) => typeof Symbol[name] === "symbol")
    .map((name) => [Symbol[name], name]),
);
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

class Gone extends Error {
  constructor() {
    super("the program's process ended before the tests finished");
  }
}

function sleep(ms) {
  Atomics.wait(SLEEPER, 0, 0, ms);
}

function writeAll(fd, buffer) {
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(fd, buffer, offset);
    } catch (error) {
      if (error.code !== "EAGAIN") throw error;
      sleep(1);
    }
  }
}

function readExactly(fd, size) {
  const buffer = Buffer.alloc(size);
  let offset = 0;
  while (offset < size) {
    let count;
    try {
      count = fs.readSync(fd, buffer, offset, size - offset, null);
    } catch (error) {
      if (error.code === "EAGAIN" || error.code === "EINTR") {
        sleep(1);
        continue;
      }
      return null;
    }
    if (count === 0) return null;
    offset += count;
  }
  return buffer;
}

function primitive(value) {
  return value === null || (typeof value !== "object" && typeof value !== "function");
}

/** One side of the conversation: the runner (serves only calls of its own functions) or the program. */
class Channel {
  constructor(input, output, servesAll) {
    this.input = input;
    this.output = output;
    this.servesAll = servesAll;
    this.gone = false;
    this.served = 0;
    this.depth = 0;
    this.objects = [];
    this.ids = new Map();
    this.proxies = new Map();
    this.remoteIds = new WeakMap();
    this.remoteOfError = new WeakMap();
    this.lookup = null;
  }

  send(message) {
    const payload = v8.serialize(message);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(payload.length);
    try {
      writeAll(this.output, Buffer.concat([header, payload]));
    } catch {
      this.gone = true;
      throw new Gone();
    }
  }

  receive() {
    const header = this.gone ? null : readExactly(this.input, 4);
    const payload = header && readExactly(this.input, header.readUInt32LE(0));
    if (!payload) {
      this.gone = true;
      throw new Gone();
    }
    const frame = v8.deserialize(payload);
    if (!Array.isArray(frame) || typeof frame[0] !== "string") throw new TypeError("a malformed frame");
    return frame;
  }

  /** Asks the other side; answers its own requests meanwhile. */
  request(operation, args) {
    if (this.gone) throw new Gone();
    const encoded = args.map((arg) => this.encode(arg));
    // The plain containers this side sent by value to a call: the only ones that may come back.
    const first = operation === "call" ? 2 : operation === "new" ? 1 : encoded.length;
    const copies = new Set();
    for (let index = first; index < encoded.length; index++) {
      if ("aoOms".includes(encoded[index][0]) && !primitive(args[index])) copies.add(index);
    }
    this.send(this.capturing() ? ["q", operation, encoded, true] : ["q", operation, encoded]);
    this.depth += 1;
    try {
      for (;;) {
        const frame = this.receive();
        if (frame[0] === "o" && !this.servesAll) {
          this.replay(frame[1]);
          continue;
        }
        if (frame[0] !== "q") return this.settle(frame, args, copies);
        // Waiting here, the program cannot settle a promise: it answers at once.
        const answer = this.serve(frame);
        this.send(answer instanceof Promise ? this.raised(new Error("the program is waiting for the tests' function it called: a promise it returns now cannot settle")) : answer);
      }
    } finally {
      this.depth -= 1;
    }
  }

  settle(frame, args, copies) {
    const [kind, value, extra] = frame;
    if (kind === "a") {
      this.copyBack(args, copies, extra);
      return this.decode(value);
    }
    if (kind === "e") throw this.failure(value, extra);
    if (kind === "p") return extra === null ? Promise.resolve(this.decode(value)) : Promise.reject(this.failure(value, extra));
    throw new TypeError("a malformed reply");
  }

  /** Answers one request: an answer frame, or a promise of one (the program settles its promises first). */
  serve(frame) {
    this.served += 1;
    if (this.servesAll && frame[3] === true) return this.captured(frame);
    let args;
    let result;
    try {
      const [, operation, encoded] = frame;
      if (!Array.isArray(encoded)) throw new TypeError("a malformed request");
      args = encoded.map((item) => this.decode(item));
      result = this.perform(operation, args);
    } catch (error) {
      return this.raised(error);
    }
    if (result instanceof Promise && this.servesAll) {
      return result.then(
        (value) => this.answer("p", value, args, frame),
        (error) => this.raised(error, "p"),
      );
    }
    return this.answer("a", result, args, frame);
  }

  /**
   * Serves a request while the tests have replaced console's methods or the streams' write
   * (to collect what is printed): what the program prints goes back to those, not to the
   * run's output.
   */
  captured(frame) {
    const saved = CAPTURED.map(([owner, name]) => [owner, name, owner[name]]);
    const entries = [];
    for (const [owner, name] of CAPTURED) {
      owner[name] = (...args) => {
        entries.push([owner === console ? name : owner === process.stdout ? "stdout" : "stderr", args.map((arg) => this.encode(arg))]);
        return true;
      };
    }
    const restore = () => {
      for (const [owner, name, value] of saved) owner[name] = value;
      if (entries.length > 0) this.send(["o", entries]);
    };
    let answer;
    try {
      answer = this.serve([frame[0], frame[1], frame[2]]);
    } catch (error) {
      restore();
      throw error;
    }
    if (answer instanceof Promise) {
      return answer.then((settled) => {
        restore();
        return settled;
      });
    }
    restore();
    return answer;
  }

  /** Prints what the program printed while the tests collected their output. */
  replay(entries) {
    for (const [where, encoded] of Array.isArray(entries) ? entries : []) {
      const args = Array.isArray(encoded) ? encoded.map((item) => this.decode(item)) : [];
      if (where === "stdout" || where === "stderr") process[where].write(String(args[0] ?? ""));
      else if (CAPTURED.some(([owner, name]) => owner === console && name === where)) console[where](...args);
    }
  }

  /** Whether the tests replaced what prints (console's methods, the streams' write). */
  capturing() {
    return !this.servesAll && CAPTURED.some(([owner, name], index) => owner[name] !== ORIGINAL_PRINTERS[index]);
  }

  answer(kind, value, args, frame) {
    try {
      if (kind === "p") return ["p", this.encode(value), null];
      return ["a", this.encode(value), this.changed(frame, args)];
    } catch (error) {
      return this.raised(error);
    }
  }

  perform(operation, args) {
    if (!this.servesAll) {
      if (operation !== "call" || typeof args[0] !== "function" || !this.ids.has(args[0])) {
        throw new TypeError("the program may only call the functions the tests gave it");
      }
      return Reflect.apply(args[0], args[1], args.slice(2));
    }
    const [target, key] = args;
    switch (operation) {
      case "global":
        return this.lookup(String(target));
      case "call":
        return Reflect.apply(target, args[1], args.slice(2));
      case "new":
        return Reflect.construct(target, args.slice(1));
      case "get":
        return target[key];
      case "set":
        target[key] = args[2];
        return true;
      case "has":
        return key in target;
      case "delete":
        return delete target[key];
      case "keys":
        return Reflect.ownKeys(target).filter((name) => typeof name === "string" || this.symbolName(name));
      case "describe": {
        const found = Reflect.getOwnPropertyDescriptor(target, key);
        return found && { value: "value" in found ? found.value : target[key], enumerable: found.enumerable };
      }
      case "proto":
        return Object.getPrototypeOf(target);
      case "instanceof":
        return target instanceof key;
      case "primitive":
        return toPrimitive(target, key);
      case "inspect":
        return util.inspect(target, { depth: 4 });
      case "drain":
        // Busy calling one of the tests' functions: not idle; the runner asks again.
        return this.depth > 0 ? false : drained();
      case "tick":
        return this.depth > 0 ? false : ticked();
      default:
        throw new TypeError("unknown request " + String(operation));
    }
  }

  /** The plain containers a call or construction was given, as the code left them. */
  changed(frame, args) {
    const operation = frame[1];
    if (!this.servesAll || (operation !== "call" && operation !== "new")) return [];
    const first = operation === "call" ? 2 : 1;
    const changed = [];
    for (let index = first; index < args.length; index++) {
      if ("aoOms".includes(frame[2][index][0])) changed.push([index, this.encode(args[index])]);
    }
    return changed;
  }

  copyBack(args, copies, changed) {
    if (!Array.isArray(changed)) return;
    for (const entry of changed) {
      if (!Array.isArray(entry) || !copies.has(entry[0])) continue;
      const original = args[entry[0]];
      const value = this.decode(entry[1]);
      if (Array.isArray(original) && Array.isArray(value)) {
        original.length = 0;
        original.push(...value);
      } else if (original instanceof Map && value instanceof Map) {
        original.clear();
        for (const [k, v] of value) original.set(k, v);
      } else if (original instanceof Set && value instanceof Set) {
        original.clear();
        for (const item of value) original.add(item);
      } else if (
        !primitive(value) &&
        !Array.isArray(value) &&
        !(value instanceof Map || value instanceof Set) &&
        !Array.isArray(original) &&
        !(original instanceof Map || original instanceof Set)
      ) {
        for (const name of Object.keys(original)) delete original[name];
        for (const name of Object.keys(value)) {
          Object.defineProperty(original, name, { value: value[name], writable: true, enumerable: true, configurable: true });
        }
      }
    }
  }

  raised(error, kind = "e") {
    try {
      if (error instanceof Gone && !this.servesAll) throw error;
      let info = null;
      if (error instanceof Error && !this.remoteIds.has(error)) {
        let base = "Error";
        for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
          const name = Object.keys(ERROR_CLASSES).find((candidate) => ERROR_CLASSES[candidate].prototype === proto);
          if (name) {
            base = name;
            break;
          }
        }
        const code = error.code;
        info = { base, name: String(error.name), message: String(error.message), stack: String(error.stack), code: primitive(code) ? code : undefined };
      }
      return [kind, this.encode(error), info === null && kind === "p" ? { thrown: true } : info];
    } catch (problem) {
      if (problem instanceof Gone) throw problem;
      return [kind, ["v", undefined], { base: "Error", name: "Error", message: "an error that could not be passed on", stack: "", code: undefined }];
    }
  }

  failure(encoded, info) {
    const original = this.decode(encoded);
    if (info === null || typeof info !== "object" || info.thrown) return original;
    const Base = Object.hasOwn(ERROR_CLASSES, info.base) ? ERROR_CLASSES[info.base] : Error;
    const error = new Base(String(info.message));
    Object.defineProperty(error, "name", { value: String(info.name), writable: true, configurable: true });
    Object.defineProperty(error, "stack", { value: String(info.stack), writable: true, configurable: true });
    if (info.code !== undefined && primitive(info.code)) error.code = info.code;
    if (this.remoteIds.has(original)) this.remoteOfError.set(error, original);
    return error;
  }

  symbolName(symbol) {
    const key = Symbol.keyFor(symbol);
    if (key !== undefined) return ["Y", key];
    const name = WELL_KNOWN.get(symbol);
    return name === undefined ? undefined : ["y", name];
  }

  keep(value) {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.objects.push(value) - 1;
      this.ids.set(value, id);
    }
    return id;
  }

  encode(value, seen = new Set()) {
    if (primitive(value)) {
      if (typeof value !== "symbol") return ["v", value];
      const named = this.symbolName(value);
      if (named) return named;
      throw new TypeError("a symbol of its own cannot pass between the tests and the program");
    }
    if (this.remoteIds.has(value)) return ["R", this.remoteIds.get(value)];
    if (this.remoteOfError.has(value)) return ["R", this.remoteIds.get(this.remoteOfError.get(value))];
    if (!seen.has(value)) {
      seen.add(value);
      try {
        const plain = this.plain(value, seen);
        if (plain) return plain;
      } finally {
        seen.delete(value);
      }
    }
    if (!this.servesAll && typeof value !== "function") {
      // The runner's own objects go by value: the program may only call its functions.
      return ["o", Object.keys(value).map((name) => [name, this.encode(value[name], seen)])];
    }
    return ["r", this.keep(value), typeof value === "function"];
  }

  plain(value, seen) {
    const proto = Object.getPrototypeOf(value);
    const each = (items) => Array.from(items, (item) => this.encode(item, seen));
    if (Array.isArray(value) && proto === Array.prototype) return ["a", each(value)];
    if (proto === Object.prototype || proto === null) {
      return [proto === null ? "O" : "o", Object.keys(value).map((name) => [name, this.encode(value[name], seen)])];
    }
    if (proto === Map.prototype) return ["m", Array.from(value, ([k, v]) => [this.encode(k, seen), this.encode(v, seen)])];
    if (proto === Set.prototype) return ["s", each(value)];
    if (proto === Date.prototype) return ["d", value.getTime()];
    if (proto === RegExp.prototype) return ["x", value.source, value.flags];
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return ["t", value];
    return undefined;
  }

  decode(encoded) {
    if (!Array.isArray(encoded)) throw new TypeError("a malformed value");
    const [tag, a, b] = encoded;
    switch (tag) {
      case "v":
        if (!primitive(a) || typeof a === "symbol") throw new TypeError("a malformed value");
        return a;
      case "Y":
        return Symbol.for(String(a));
      case "y": {
        const symbol = Symbol[a];
        if (typeof symbol !== "symbol" || !WELL_KNOWN.has(symbol)) throw new TypeError("a malformed symbol");
        return symbol;
      }
      case "a":
        return this.list(a).map((item) => this.decode(item));
      case "o":
      case "O": {
        const object = tag === "O" ? Object.create(null) : {};
        for (const [name, item] of this.list(a)) {
          const key = String(name);
          let value = this.decode(item);
          // A plain thenable of the program's: the tests' await must not wait for ever unseen.
          if (key === "then" && !this.servesAll && typeof value === "function") value = awaitable(value, object);
          Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
        }
        return object;
      }
      case "m":
        return new Map(this.list(a).map(([k, v]) => [this.decode(k), this.decode(v)]));
      case "s":
        return new Set(this.list(a).map((item) => this.decode(item)));
      case "d":
        return new Date(Number(a));
      case "x":
        return new RegExp(String(a), String(b));
      case "t":
        if (!ArrayBuffer.isView(a)) throw new TypeError("a malformed value");
        return a;
      case "R":
        if (!Number.isInteger(a) || a < 0 || a >= this.objects.length) throw new TypeError("a malformed reference");
        return this.objects[a];
      case "r":
        if (!Number.isInteger(a) || a < 0) throw new TypeError("a malformed reference");
        return this.proxy(a, b === true);
      default:
        throw new TypeError("a malformed value");
    }
  }

  list(value) {
    if (!Array.isArray(value)) throw new TypeError("a malformed value");
    return value;
  }

  /** A stand-in for an object of the other side: every use asks it. */
  proxy(id, callable) {
    const known = this.proxies.get(id);
    if (known) return known;
    const channel = this;
    // A function target makes the proxy callable and constructible; typeof tells the truth.
    const target = callable ? function () {} : {};
    // Configurable: a proxy must report every non-configurable property of its target.
    Object.defineProperty(target, util.inspect.custom, {
      value: () => (channel.servesAll ? "[the tests' function]" : channel.request("inspect", [proxy])),
      configurable: true,
    });
    const proxy = new Proxy(target, {
      get(_, key) {
        if (key === Symbol.hasInstance) {
          return (value) => channel.request("instanceof", [channel.remoteOfError.get(value) ?? value, proxy]);
        }
        if (key === Symbol.toPrimitive) return (hint) => channel.request("primitive", [proxy, hint]);
        if (key === "then" && !channel.servesAll) return awaitable(channel.request("get", [proxy, key]), proxy);
        if (typeof key === "symbol" && !channel.symbolName(key)) return undefined;
        return channel.request("get", [proxy, key]);
      },
      set(_, key, value) {
        return channel.request("set", [proxy, key, value]);
      },
      has(_, key) {
        return channel.request("has", [proxy, key]);
      },
      deleteProperty(_, key) {
        return channel.request("delete", [proxy, key]);
      },
      ownKeys() {
        const keys = channel.request("keys", [proxy]);
        return callable && !keys.includes("prototype") ? [...keys, "prototype"] : keys;
      },
      getOwnPropertyDescriptor(_, key) {
        if (callable && key === "prototype") {
          return { value: channel.request("get", [proxy, key]), writable: true, enumerable: false, configurable: false };
        }
        const found = channel.request("describe", [proxy, key]);
        return found && { value: found.value, writable: true, enumerable: found.enumerable === true, configurable: true };
      },
      defineProperty(_, key, descriptor) {
        if (descriptor.configurable === false || !("value" in descriptor)) return false;
        return channel.request("set", [proxy, key, descriptor.value]);
      },
      getPrototypeOf() {
        return channel.request("proto", [proxy]);
      },
      setPrototypeOf() {
        return false;
      },
      preventExtensions() {
        return false;
      },
      apply(_, self, args) {
        return channel.request("call", [proxy, self === SCOPE.proxy ? undefined : self, ...args]);
      },
      construct(_, args) {
        return channel.request("new", [proxy, ...args]);
      },
    });
    this.proxies.set(id, proxy);
    this.remoteIds.set(proxy, id);
    return proxy;
  }
}

/** What prints, as the tests may replace it to collect the output of a call. */
const CAPTURED = [
  ...["log", "info", "debug", "warn", "error", "trace", "dir", "table"].map((name) => [console, name]),
  [process.stdout, "write"],
  [process.stderr, "write"],
];
const ORIGINAL_PRINTERS = CAPTURED.map(([owner, name]) => owner[name]);

/** Callbacks the tests handed to a "then" of the program's that it has not called yet. */
const AWAITING = new Set();

/**
 * A "then" of the program's, as the tests' "await" calls it: it notes that a test waits,
 * so that a value that never settles cannot end the run as if the test had passed.
 */
function awaitable(then, target) {
  if (typeof then !== "function") return then;
  return (onFulfilled, onRejected) => {
    // The test waits for a promise of the runner's own, which only settles when the
    // program calls its resolve or reject with a value that itself settles.
    const waiting = new Promise((resolve, reject) => {
      Reflect.apply(then, target, [resolve, reject]);
    });
    AWAITING.add(waiting);
    const done = () => AWAITING.delete(waiting);
    waiting.then(done, done);
    return waiting.then(onFulfilled, onRejected);
  };
}

/**
 * Settles when the program has no timers or immediates left: its late callbacks into the
 * tests (a setTimeout, a promise) run while the runner waits for this, as they would at
 * the end of one file. A program that never goes idle runs into the time limit, as it would.
 */
function drained() {
  return new Promise((resolve) => {
    const check = () => {
      const pending = process.getActiveResourcesInfo().filter((kind) => kind === "Timeout" || kind === "Immediate");
      // Checked from an immediate: inside a timer's callback that timer still counts.
      if (pending.length > 0) setTimeout(() => setImmediate(check), 2);
      else resolve(true);
    };
    setImmediate(check);
  });
}

/** Settles after one turn of the program's event loop: its timers that are due run. */
function ticked() {
  return new Promise((resolve) => setTimeout(() => setImmediate(() => resolve(true)), 0));
}

function toPrimitive(value, hint) {
  const exotic = value[Symbol.toPrimitive];
  if (typeof exotic === "function") return exotic.call(value, hint);
  for (const name of hint === "string" ? ["toString", "valueOf"] : ["valueOf", "toString"]) {
    const method = value[name];
    if (typeof method === "function") {
      const result = method.call(value);
      if (primitive(result)) return result;
    }
  }
  throw new TypeError("Cannot convert object to primitive value");
}

/** Prints an uncaught error as Node would, with the tests' or the program's frames only, and exits 1. */
function report(error) {
  if (error instanceof Error && typeof error.stack === "string") {
    error.stack = error.stack
      .split("\n")
      .filter((line) => !line.includes(RUNNER_FILE) && !/\bnode:(internal\/|vm:)/.test(line))
      .join("\n");
  }
  process.stderr.write(util.inspect(error) + "\n");
  process.exit(1);
}

/** The tests' scope for the program's names (set in the runner). */
const SCOPE = { proxy: undefined };

/** The program's process: run the program as the main module, then answer requests. */
function runProgram(requestsPath, repliesPath) {
  const input = fs.openSync(requestsPath, "r");
  const output = fs.openSync(repliesPath, "w");
  const channel = new Channel(input, output, true);
  let hello;
  try {
    hello = channel.receive();
  } catch {
    process.exit(0);
  }
  const candidates = Array.isArray(hello[1]) ? hello[1].filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name)) : [];
  const baseline = new Set(Object.getOwnPropertyNames(globalThis));
  const source = fs.readFileSync(PROGRAM_FILE, "utf8").replace(/^#!.*/, "");
  const cases = candidates.map((name) => 'case "' + name + '": return ' + name + ";").join(" ");
  const suffix = "\n;__codeforge_lookup__(function (name) { switch (name) { " + cases + " } throw new ReferenceError(name + ' is not defined'); });\n";
  const program = new Module(PROGRAM_FILE, null);
  program.filename = PROGRAM_FILE;
  process.mainModule = program;
  const programRequire = Module.createRequire(PROGRAM_FILE);
  programRequire.main = program;
  try {
    // Alone first, so that a syntax error points into the program, not at the lookup.
    vm.compileFunction(source, WRAPPER_NAMES, { filename: PROGRAM_FILE });
    const compiled = vm.compileFunction(source + suffix, [...WRAPPER_NAMES, "__codeforge_lookup__"], { filename: PROGRAM_FILE });
    compiled.call(program.exports, program.exports, programRequire, program, PROGRAM_FILE, __dirname, (lookup) => {
      channel.lookup = lookup;
    });
  } catch (error) {
    report(error);
  }
  program.loaded = true;
  const names = [];
  if (channel.lookup) {
    for (const name of candidates) {
      try {
        const value = channel.lookup(name);
        if (!(baseline.has(name) && globalThis[name] === value)) names.push(name);
      } catch {
        // Not one of the program's names.
      }
    }
  }
  channel.send(["names", names]);
  const serveOne = () => {
    let frame;
    try {
      frame = channel.receive();
    } catch {
      process.exit(0);
    }
    const answer = frame[0] === "q" ? channel.serve(frame) : channel.raised(new TypeError("a malformed request"));
    if (answer instanceof Promise) {
      answer.then((settled) => {
        channel.send(settled);
        setImmediate(serveOne);
      });
      return;
    }
    channel.send(answer);
    // Between requests the program's own promises and timers get their turn.
    setImmediate(serveOne);
  };
  setImmediate(serveOne);
}

/**
 * The tests' require: everything but the files of the run's own folder. Loading the
 * program's file would run the program in the runner's process, next to the marker.
 */
function testsRequire(testsModule) {
  const plain = Module.createRequire(TESTS_FILE);
  // Nothing from a place the program's process could write to: not its folder, not
  // $HOME/.node_modules, not any other writable folder.
  // Root may write anywhere and never runs in the sandbox: for root only its own folders count.
  const own = [__dirname, os.tmpdir(), "/tmp", "/dev/shm"].map((place) => path.resolve(place) + path.sep);
  const writable = (file) => {
    if (process.getuid?.() === 0) return own.some((place) => (path.resolve(file) + path.sep).startsWith(place));
    for (let place = file; ; place = path.dirname(place)) {
      try {
        fs.accessSync(place, fs.constants.W_OK);
        return true;
      } catch {
        // Not writable: look at its parent.
      }
      if (place === path.dirname(place)) return false;
    }
  };
  Module.globalPaths.splice(0, Module.globalPaths.length, ...Module.globalPaths.filter((place) => !writable(place)));
  const guarded = (id) => {
    if (Module.isBuiltin(id)) return plain(id);
    const resolved = plain.resolve(id);
    if (!path.isAbsolute(resolved) || (resolved + path.sep).startsWith(__dirname + path.sep) || writable(resolved)) {
      throw new Error(
        "the tests may not load " + id + ": the program's names are already in their scope, and nothing may be loaded from a place the program could write to",
      );
    }
    return plain(id);
  };
  guarded.resolve = plain.resolve;
  guarded.cache = plain.cache;
  // The tests run as the main module: "if (require.main === module)" in them runs.
  guarded.main = testsModule;
  return guarded;
}

/**
 * The names the tests use that the program may provide: not reserved words, not names the
 * tests declare themselves, and not the runner's own globals (JSON, Object, process, ...)
 * unless the program's source declares that name at the start of a line.
 */
function programNameCandidates(tests, program) {
  const declared = new Set();
  for (const match of tests.matchAll(/\b(?:var|let|const|class|function\s*\*?)\s+([A-Za-z_$][\w$]*)/g)) declared.add(match[1]);
  for (const match of tests.matchAll(/\b(?:var|let|const)\s*([{[][^=;]*[}\]])\s*=/g)) {
    for (const name of match[1].match(/[A-Za-z_$][\w$]*/g) ?? []) declared.add(name);
  }
  const declaredAtTop = (name) =>
    new RegExp("^(?:export\\s+)?(?:async\\s+)?(?:function\\s*\\*?\\s*|class\\s+|(?:const|let|var)\\s+)" + name + "\\b", "m").test(program);
  return [...new Set(tests.match(/[A-Za-z_$][\w$]*/g) ?? [])].filter(
    (name) => !RESERVED.has(name) && !declared.has(name) && (!(name in globalThis) || declaredAtTop(name)),
  );
}

/** The runner: start the program's process, run the tests against it, judge. */
function runTests() {
  let marker = "";
  try {
    marker = fs.readFileSync(0, "utf8").split("\n")[0].trim();
  } catch {
    marker = "";
  }
  // SIGUSR1 would open the runner's inspector on 127.0.0.1 to anyone in the sandbox.
  process.on("SIGUSR1", () => {});
  const tests = fs.readFileSync(TESTS_FILE, "utf8");
  const candidates = programNameCandidates(tests, fs.readFileSync(PROGRAM_FILE, "utf8"));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "codeforge-run-"));
  const requestsPath = path.join(folder, "requests");
  const repliesPath = path.join(folder, "replies");
  execFileSync("mkfifo", ["-m", "600", requestsPath, repliesPath]);
  const child = spawn(process.execPath, [...process.execArgv, RUNNER_FILE, PROGRAM_FLAG, requestsPath, repliesPath], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  let ended;
  child.on("exit", (code, signal) => {
    ended = { code, signal };
  });
  child.on("error", (error) => {
    process.stderr.write("codeforge: could not start the program's process: " + error.message + "\n");
    process.exit(1);
  });
  child.unref();
  const dead = () => {
    try {
      return /\)\s+[ZX]\s/.test(fs.readFileSync("/proc/" + child.pid + "/stat", "utf8"));
    } catch {
      return true;
    }
  };
  let output;
  for (;;) {
    try {
      output = fs.openSync(requestsPath, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      break;
    } catch (error) {
      if (error.code !== "ENXIO" || child.pid === undefined || dead()) break;
      sleep(2);
    }
  }
  const input = output === undefined ? undefined : fs.openSync(repliesPath, "r");
  fs.rmSync(folder, { recursive: true, force: true });
  const channel = new Channel(input, output, false);
  channel.gone = output === undefined;

  const endLikeProgram = () => {
    const finish = ({ code, signal }) => {
      if (signal) {
        process.kill(process.pid, signal);
        process.exit(128 + (os.constants.signals[signal] ?? 0));
      }
      if (code === 0) {
        fs.writeSync(1, "\n" + UNFINISHED_LINE + "\n");
        process.exit(1);
      }
      process.exit(code ?? 1);
    };
    if (ended) finish(ended);
    else {
      child.ref();
      child.once("exit", (code, signal) => finish({ code, signal }));
    }
  };

  let finished = false;
  process.on("exit", (code) => {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      // Gone already.
    }
    if (finished && code === 0 && !channel.gone && AWAITING.size > 0) {
      process.stderr.write("codeforge: a test awaited a value of the program that never settled, so it did not finish\n");
      process.exitCode = 1;
    } else if (finished && code === 0 && !channel.gone && marker) {
      fs.writeSync(1, "\n" + marker + "\n");
    }
  });
  process.on("beforeExit", () => {
    if (channel.gone) return endLikeProgram();
    if (!finished) return;
    // Before the end, the program's late callbacks get their turn (the runner answers them
    // while it waits); work they give the runner keeps it going, and this runs again.
    const served = channel.served;
    try {
      channel.request("drain", []);
      // Callbacks ran: what they started (a test's next await) gets another turn.
      if (channel.served > served) setImmediate(() => {});
    } catch (error) {
      if (channel.gone) return endLikeProgram();
      report(error);
    }
  });

  let names = new Set();
  try {
    channel.send(["hello", candidates]);
    const reply = channel.receive();
    if (reply[0] !== "names" || !Array.isArray(reply[1])) throw new TypeError("a malformed reply");
    // Only names the runner asked about: the program's process may claim anything.
    names = new Set(reply[1].filter((name) => candidates.includes(name)));
  } catch (error) {
    if (channel.gone) return endLikeProgram();
    throw error;
  }
  SCOPE.proxy = new Proxy(Object.create(null), {
    has: (_, name) => typeof name === "string" && names.has(name),
    get: (_, name) => (typeof name === "string" && names.has(name) ? channel.request("global", [name]) : undefined),
    set: (_, name) => {
      // The program's names are read-only to the tests: a test that assigns one declares
      // its own with let or const (an assignment sent to the program could be ignored).
      throw new TypeError("the tests assign " + String(name) + ", a name of the program: declare the tests' own with let or const");
    },
  });
  // While the tests wait on timers of their own, the program's due timers get their turn.
  const ticker = setInterval(() => {
    if (channel.gone || channel.depth > 0) return;
    try {
      channel.request("tick", []);
    } catch (error) {
      if (channel.gone) return endLikeProgram();
      report(error);
    }
  }, 5);
  ticker.unref();
  const testsModule = { exports: {}, filename: TESTS_FILE, id: TESTS_FILE };
  try {
    const run = vm.compileFunction("with (__codeforge_scope__) {" + tests + "\n}", [...WRAPPER_NAMES, "__codeforge_scope__"], {
      filename: TESTS_FILE,
    });
    run.call(testsModule.exports, testsModule.exports, testsRequire(testsModule), testsModule, TESTS_FILE, __dirname, SCOPE.proxy);
  } catch (error) {
    if (channel.gone) return endLikeProgram();
    report(error);
  }
  finished = true;
}

if (process.argv[2] === PROGRAM_FLAG) runProgram(process.argv[3], process.argv[4]);
else runTests();
`;

/** The Node runner's source for one test run (see {@link NodeCheckRunnerOptions}). */
export function nodeCheckRunner(options: NodeCheckRunnerOptions): string {
  for (const file of [options.programFile, options.testsFile]) {
    if (!/^[\w.-]+\.js$/.test(file)) throw new Error(`not a plain JavaScript file name: ${file}`);
  }
  return RUNNER.replace(UNFINISHED_LINE, JSON.stringify(options.unfinishedLine))
    .replaceAll(PROGRAM_FILE_NAME, options.programFile)
    .replaceAll(TESTS_FILE_NAME, options.testsFile);
}
