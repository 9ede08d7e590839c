import type { Language } from "@codeforge/core";
import { scanJavaScriptSource } from "./javascript-source.js";
import { scanPythonSource } from "./python-source.js";
import type { ScannedSource } from "./scanned-source.js";

/** What the static guard thinks of a program. */
export interface GuardVerdict {
  /** True when at least one dangerous pattern was found. */
  blocked: boolean;
  /** One sentence per finding, with its line: `line 3: runs shell commands (os.system)`. */
  reasons: string[];
}

/** A dangerous construct: matched on code with strings and comments blanked out. */
interface CodePattern {
  pattern: RegExp;
  reason: string;
}

/** A call whose first argument, when a string literal, must not name a sensitive path. */
interface PathPattern {
  call: RegExp;
  reason: string;
}

const SENSITIVE_PATH = /^\/(etc|proc|sys)(\/|$)/;

const PYTHON_PATTERNS: readonly CodePattern[] = [
  { pattern: /\bsubprocess\b/g, reason: "starts other programs (subprocess)" },
  {
    pattern: /\bos\s*\.\s*(system|popen|exec[lv]p?e?|spawn[lv]p?e?|fork|forkpty|kill|killpg)\b/g,
    reason: "runs or signals processes through os",
  },
  {
    pattern:
      /\bfrom\s+os\s+import\b[^\n]*\b(system|popen|exec[lv]p?e?|spawn[lv]p?e?|fork|forkpty|kill)\b/g,
    reason: "imports process functions from os",
  },
  { pattern: /\brmtree\b/g, reason: "deletes directory trees (shutil.rmtree)" },
  { pattern: /\b__import__\b/g, reason: "imports modules dynamically (__import__)" },
  { pattern: /\bimportlib\b/g, reason: "imports modules dynamically (importlib)" },
  { pattern: /\b__builtins__\b/g, reason: "reaches into __builtins__" },
  { pattern: /(?<![.\w])eval\s*\(/g, reason: "evaluates code from a string (eval)" },
  { pattern: /(?<![.\w])exec\s*\(/g, reason: "executes code from a string (exec)" },
  { pattern: /(?<![.\w])compile\s*\(/g, reason: "compiles code from a string (compile)" },
  { pattern: /\bctypes\b/g, reason: "calls native code (ctypes)" },
  { pattern: /\b(SOCK_RAW|AF_PACKET)\b/g, reason: "opens a raw socket" },
];

const PYTHON_PATHS: readonly PathPattern[] = [
  { call: /(?<![\w])(?:(?:io|os|codecs)\s*\.\s*)?open\s*\(\s*/g, reason: "opens" },
  { call: /\bPath\s*\(\s*/g, reason: "opens" },
];

const JAVASCRIPT_PATTERNS: readonly CodePattern[] = [
  { pattern: /(?<![.\w$])eval\s*\(/g, reason: "evaluates code from a string (eval)" },
  { pattern: /\bnew\s+Function\s*\(/g, reason: "compiles code from a string (new Function)" },
  { pattern: /(?<![.\w$])Function\s*\(/g, reason: "compiles code from a string (Function)" },
  {
    pattern: /\bprocess\s*\.\s*(binding|dlopen|kill)\b/g,
    reason: "reaches into the process (process.binding/dlopen/kill)",
  },
];

const JAVASCRIPT_MODULES: Readonly<Record<string, string>> = {
  child_process: "starts other programs (child_process)",
  vm: "compiles code from a string (vm)",
  net: "opens sockets (net)",
  dgram: "opens sockets (dgram)",
  cluster: "forks processes (cluster)",
};

const JAVASCRIPT_IMPORTS = /(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s*|\bimport\s+)$/;

const JAVASCRIPT_PATHS: readonly PathPattern[] = [
  {
    call: /\b(readFileSync|readFile|writeFileSync|writeFile|openSync|open|createReadStream|createWriteStream|readdirSync|readdir|appendFileSync|rmSync|unlinkSync)\s*\(\s*/g,
    reason: "opens",
  },
];

/**
 * The static guard: flags dangerous constructs in a program before it runs, as defence
 * in depth (the container is the isolation). For Python: subprocess, os.system and
 * friends, shutil.rmtree, `__import__`/importlib, eval, exec, compile, ctypes, raw
 * sockets, and opening files under /etc, /proc or /sys. For Node: child_process, vm,
 * net, dgram, cluster, eval, `Function`, process.binding, and the same paths. Words in
 * strings and comments never count; f-string and template expressions do, because they
 * run.
 *
 * @example
 * guardCode("python", "import subprocess").blocked; // true
 * guardCode("python", 'print("import subprocess")').blocked; // false
 */
export function guardCode(language: Language, code: string): GuardVerdict {
  const reasons =
    language === "python"
      ? findings(scanPythonSource(code), PYTHON_PATTERNS, PYTHON_PATHS, {})
      : findings(
          scanJavaScriptSource(code),
          JAVASCRIPT_PATTERNS,
          JAVASCRIPT_PATHS,
          JAVASCRIPT_MODULES,
        );
  return { blocked: reasons.length > 0, reasons };
}

function findings(
  scanned: ScannedSource,
  patterns: readonly CodePattern[],
  paths: readonly PathPattern[],
  modules: Readonly<Record<string, string>>,
): string[] {
  const found: { offset: number; reason: string }[] = [];
  for (const { pattern, reason } of patterns) {
    for (const match of scanned.code.matchAll(pattern)) {
      found.push({ offset: match.index, reason: `${reason}` });
    }
  }
  const literalAt = new Map(scanned.literals.map((literal) => [literal.start, literal.value]));
  for (const { call, reason } of paths) {
    for (const match of scanned.code.matchAll(call)) {
      const path = literalAt.get(match.index + match[0].length);
      if (path !== undefined && SENSITIVE_PATH.test(path)) {
        found.push({ offset: match.index, reason: `${reason} ${path}` });
      }
    }
  }
  for (const literal of scanned.literals) {
    const moduleName = literal.value.replace(/^node:/, "");
    const reason = modules[moduleName];
    if (
      reason &&
      JAVASCRIPT_IMPORTS.test(scanned.code.slice(Math.max(0, literal.start - 40), literal.start))
    ) {
      found.push({ offset: literal.start, reason });
    }
  }
  found.sort((a, b) => a.offset - b.offset);
  const reasons = found.map(
    ({ offset, reason }) => `line ${lineOf(scanned.code, offset)}: ${reason}`,
  );
  return [...new Set(reasons)];
}

function lineOf(code: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index += 1) if (code.charCodeAt(index) === 10) line += 1;
  return line;
}
