import { builtinModules } from "node:module";
import type { Language } from "../executor/index.js";

/** Python 3.11's standard library (`sys.stdlib_module_names`, without private and platform-only modules). */
export const PYTHON_STDLIB_MODULES: readonly string[] =
  "abc aifc argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib dis doctest email encodings enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http imaplib imghdr imp importlib inspect io ipaddress itertools json keyword linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder multiprocessing netrc nis nntplib ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap threading time timeit token tokenize tomllib trace traceback tracemalloc tty types typing unicodedata unittest urllib uu uuid warnings wave weakref webbrowser wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo".split(
    " ",
  );

/** Third-party packages installed in the Python sandbox image, by import name. */
export const PYTHON_SANDBOX_PACKAGES: readonly string[] = [
  "numpy",
  "pandas",
  "scipy",
  "sklearn",
  "matplotlib",
  "sympy",
  "networkx",
  "requests",
  "bs4",
  "PIL",
  "sortedcontainers",
];

/** Import names the generated code may use in a language: the standard library plus the sandbox image's packages. */
export function allowedModules(language: Language): ReadonlySet<string> {
  if (language === "python")
    return new Set(["__future__", ...PYTHON_STDLIB_MODULES, ...PYTHON_SANDBOX_PACKAGES]);
  return new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
}

/**
 * The top-level modules a program imports, read from its import statements: `import a.b, c`
 * and `from a import b` in Python; `import … from "x"` and `require("x")` in JavaScript.
 * Relative imports come back as written (`.`, `./x`) so the check can refuse them.
 */
export function importedModules(language: Language, code: string): string[] {
  const found = new Set<string>();
  if (language === "python") {
    for (const line of code.split("\n")) {
      const from = /^\s*from\s+(\.*[\w.]*)\s+import\b/.exec(line);
      if (from?.[1]) {
        found.add(from[1].startsWith(".") ? "." : (from[1].split(".")[0] ?? from[1]));
        continue;
      }
      const plain =
        /^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)\s*(?:#.*)?$/.exec(
          line,
        );
      if (plain?.[1]) {
        for (const part of plain[1].split(",")) {
          const name = part.trim().split(/\s+/)[0]?.split(".")[0];
          if (name) found.add(name);
        }
      }
    }
    return [...found];
  }
  const patterns = [
    /\bimport\s+(?:[\w*{}\s,]+\s+from\s+)?["']([^"']+)["']/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1];
      if (!specifier) continue;
      const scoped = specifier.startsWith("@")
        ? specifier.split("/").slice(0, 2).join("/")
        : specifier.split("/")[0];
      found.add(specifier.startsWith(".") ? specifier : (scoped ?? specifier));
    }
  }
  return [...found];
}

/** The modules a program imports that are outside the allowed set, in order of appearance. */
export function disallowedImports(language: Language, code: string): string[] {
  const allowed = allowedModules(language);
  return importedModules(language, code).filter((name) => !allowed.has(name));
}
