import { posix } from "node:path";

/** What a source file defines at its top level and what it imports. */
export interface FileOutline {
  /** Signature lines of top-level definitions (and public methods, indented), body-less. */
  definitions: string[];
  /** The names it defines. */
  names: string[];
  /** Module specifiers as written (`./money.js`, `.normalize`, `textkit.slug`). */
  imports: string[];
}

const PYTHON = /\.pyi?$/;
const SCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SIGNATURE_LIMIT = 120;

/** Whether {@link outlineFile} understands a file's language (Python, JavaScript, TypeScript). */
export function isOutlined(path: string): boolean {
  return PYTHON.test(path) || SCRIPT.test(path);
}

/**
 * The top-level definitions and imports of a Python or JavaScript/TypeScript file, read
 * line by line (no parser): Python `def`, `async def`, `class` (with its public methods)
 * and UPPER_CASE constants at column 0; JavaScript/TypeScript functions, classes,
 * exported constants, types, interfaces and enums at column 0, and CommonJS exports.
 * Other files have an empty outline.
 *
 * @example
 * outlineFile("a.py", "def f(x):\n    return x\n").definitions; // ["def f(x)"]
 */
export function outlineFile(path: string, content: string): FileOutline {
  if (PYTHON.test(path)) return outlinePython(content);
  if (SCRIPT.test(path)) return outlineScript(content);
  return { definitions: [], names: [], imports: [] };
}

function outlinePython(content: string): FileOutline {
  const outline: FileOutline = { definitions: [], names: [], imports: [] };
  let inClass = false;
  for (const line of content.split("\n")) {
    const definition = /^(async\s+def|def|class)\s+([A-Za-z_]\w*)/.exec(line);
    if (definition) {
      outline.definitions.push(signature(line, ":"));
      outline.names.push(definition[2] as string);
      inClass = definition[1] === "class";
      continue;
    }
    const method = /^( {4}|\t)(async\s+def|def)\s+([A-Za-z_]\w*)/.exec(line);
    if (method && inClass) {
      const name = method[3] as string;
      if (!name.startsWith("_") || name === "__init__" || name === "__call__") {
        outline.definitions.push(`  ${signature(line.trim(), ":")}`);
      }
      continue;
    }
    if (/^\S/.test(line) && !/^(#|@|\)|\])/.test(line)) inClass = false;
    const constant = /^([A-Z][A-Z0-9_]*)\s*(?::[^=]+)?=/.exec(line);
    if (constant) {
      outline.definitions.push(signature(line, ""));
      outline.names.push(constant[1] as string);
      continue;
    }
    const fromImport = /^\s*from\s+(\.*[\w.]*)\s+import\s+(.+)/.exec(line);
    if (fromImport) {
      const module = fromImport[1] as string;
      outline.imports.push(module);
      // `from . import x` and `from pkg import sub` may name modules.
      for (const name of (fromImport[2] as string).replace(/[()]/g, "").split(",")) {
        const imported = name.trim().split(/\s+/)[0];
        if (imported && /^\w+$/.test(imported)) {
          outline.imports.push(
            module.endsWith(".") ? `${module}${imported}` : `${module}.${imported}`,
          );
        }
      }
      continue;
    }
    const plainImport =
      /^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)/.exec(line);
    if (plainImport) {
      for (const part of (plainImport[1] as string).split(",")) {
        const module = part.trim().split(/\s+/)[0];
        if (module) outline.imports.push(module);
      }
    }
  }
  return outline;
}

const SCRIPT_DEFINITIONS: readonly RegExp[] = [
  /^export\s+(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/,
  /^export\s+(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/,
  /^export\s+(?:declare\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)/,
  /^export\s+(?:declare\s+)?(?:type|interface|enum|namespace)\s+([A-Za-z_$][\w$]*)/,
  /^(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/,
  /^(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/,
  /^(?:type|interface|enum)\s+([A-Za-z_$][\w$]*)/,
  /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>|function)/,
  /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=/,
];

function outlineScript(content: string): FileOutline {
  const outline: FileOutline = { definitions: [], names: [], imports: [] };
  for (const line of content.split("\n")) {
    for (const pattern of SCRIPT_DEFINITIONS) {
      const match = pattern.exec(line);
      if (match) {
        outline.definitions.push(signature(line, "{"));
        outline.names.push(match[1] as string);
        break;
      }
    }
    const reexport = /^export\s*\{([^}]*)\}/.exec(line);
    if (reexport) {
      outline.definitions.push(signature(line, ""));
      for (const name of (reexport[1] as string).split(",")) {
        const exported = name
          .trim()
          .split(/\s+as\s+/)
          .at(-1)
          ?.trim();
        if (exported && /^[A-Za-z_$][\w$]*$/.test(exported)) outline.names.push(exported);
      }
    }
    const moduleExports = /^module\.exports\s*=\s*\{([^}]*)\}/.exec(line);
    if (moduleExports) {
      outline.definitions.push(signature(line, ""));
      for (const name of (moduleExports[1] as string).split(",")) {
        const exported = name.split(":")[0]?.trim();
        if (exported && /^[A-Za-z_$][\w$]*$/.test(exported)) outline.names.push(exported);
      }
    }
    for (const pattern of [
      /\bfrom\s*["']([^"']+)["']/g,
      /^\s*import\s*["']([^"']+)["']/g,
      /\brequire\(\s*["']([^"']+)["']\s*\)/g,
      /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    ]) {
      for (const match of line.matchAll(pattern)) outline.imports.push(match[1] as string);
    }
  }
  return outline;
}

/** A definition's first line without its body: cut at `cut` when it ends the line. */
function signature(line: string, cut: string): string {
  let text = line.trimEnd();
  if (cut !== "" && text.endsWith(cut)) text = text.slice(0, -cut.length).trimEnd();
  if (cut === "{") text = text.replace(/\s*\{\s*$/, "");
  return text.length > SIGNATURE_LIMIT ? `${text.slice(0, SIGNATURE_LIMIT)}…` : text;
}

/**
 * The repository files an import may name, most likely first: relative JavaScript
 * specifiers with their extensions and index files (`./money.js` also as `./money.ts`),
 * Python modules as `a/b.py` or `a/b/__init__.py` (also under `src/`), relative Python
 * imports from the importing file's package.
 */
export function importCandidates(fromPath: string, specifier: string): string[] {
  const folder = posix.dirname(fromPath);
  if (PYTHON.test(fromPath)) {
    const dots = /^\.*/.exec(specifier)?.[0].length ?? 0;
    const module = specifier.slice(dots).split(".").filter(Boolean).join("/");
    let base: string;
    if (dots > 0) {
      base = folder;
      for (let level = 1; level < dots; level += 1) base = posix.dirname(base);
      base = base === "." ? module : module === "" ? base : `${base}/${module}`;
    } else {
      base = module;
    }
    if (base === "" || base === ".") return [];
    const roots = dots > 0 ? [base] : [base, `src/${base}`];
    return roots.flatMap((root) => [`${root}.py`, `${root}/__init__.py`]);
  }
  if (!specifier.startsWith(".")) return [];
  const joined = posix.normalize(posix.join(folder, specifier));
  if (joined.startsWith("..")) return [];
  const stem = joined.replace(/\.(?:[cm]?js|jsx)$/, "");
  const extensions = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];
  return [
    joined,
    ...extensions.map((extension) => `${stem}${extension}`),
    ...extensions.map((extension) => `${joined}/index${extension}`),
  ];
}
