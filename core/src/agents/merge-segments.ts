import type { Language } from "../executor/index.js";

interface Chunk {
  /** The name a def/class binds, when the chunk is one. */
  name?: string;
  lines: string[];
}

interface SplitSegment {
  imports: string[];
  chunks: Chunk[];
  mainGuard?: string[];
}

const PYTHON_MAIN_GUARD = /^if\s+__name__\s*==\s*["']__main__["']\s*:/;
const PYTHON_DEFINITION = /^(?:async\s+def|def|class)\s+(\w+)/;
/** A module constant (`LIMIT = 3`, `VALUES: dict[str, int] = {…}`): a later step may restate it. */
const PYTHON_CONSTANT = /^([A-Z][A-Z0-9_]*)\s*(?::[^=]+)?=(?!=)/;

/** How many triple-quote delimiters a line opens or closes (odd: the string state flips). */
function tripleQuotes(line: string): number {
  return (line.match(/"""|'''/g) ?? []).length;
}

function bracketDelta(line: string): number {
  let delta = 0;
  for (const character of line.replace(/#.*$/, "")) {
    if (character === "(" || character === "[" || character === "{") delta += 1;
    if (character === ")" || character === "]" || character === "}") delta -= 1;
  }
  return delta;
}

function splitPython(code: string): SplitSegment {
  const lines = code.replace(/\r\n/g, "\n").split("\n");
  const segment: SplitSegment = { imports: [], chunks: [] };
  let inString = false;
  let current: Chunk | undefined;
  let target: "chunk" | "guard" = "chunk";
  let pendingDecorators: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    const topLevel = !inString && line.length > 0 && !/^\s/.test(line) && !line.startsWith("#");
    if (topLevel && /^(import\s|from\s+\S+\s+import\s)/.test(line)) {
      let statement = line;
      let depth = bracketDelta(line);
      while ((depth > 0 || statement.endsWith("\\")) && index + 1 < lines.length) {
        index += 1;
        statement += `\n${lines[index]}`;
        depth += bracketDelta(lines[index] as string);
      }
      segment.imports.push(statement);
      current = undefined;
      continue;
    }
    if (topLevel && PYTHON_MAIN_GUARD.test(line)) {
      segment.mainGuard = [line];
      target = "guard";
      current = undefined;
      continue;
    }
    if (topLevel && line.startsWith("@")) {
      pendingDecorators.push(line);
      continue;
    }
    if (topLevel && !/^[)\]}]/.test(line)) {
      target = "chunk";
      const name = PYTHON_DEFINITION.exec(line)?.[1] ?? PYTHON_CONSTANT.exec(line)?.[1];
      current = { ...(name ? { name } : {}), lines: [...pendingDecorators, line] };
      pendingDecorators = [];
      segment.chunks.push(current);
    } else if (target === "guard" && segment.mainGuard) {
      segment.mainGuard.push(line);
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim()) {
      current = { lines: [line] };
      segment.chunks.push(current);
    }
    if (tripleQuotes(line) % 2 === 1) inString = !inString;
  }
  return segment;
}

function trimBlank(lines: readonly string[]): string[] {
  const copy = [...lines];
  while (copy.length > 0 && !copy.at(-1)?.trim()) copy.pop();
  while (copy.length > 0 && !copy[0]?.trim()) copy.shift();
  return copy;
}

function mergePython(segments: readonly string[]): string {
  const split = segments.map(splitPython);
  const imports: string[] = [];
  const seen = new Set<string>();
  for (const segment of split) {
    for (const statement of segment.imports) {
      const key = statement.replace(/\s+/g, " ").trim();
      if (seen.has(key)) continue;
      seen.add(key);
      imports.push(statement);
    }
  }
  imports.sort((a, b) => Number(!a.includes("__future__")) - Number(!b.includes("__future__")));
  const body = definitionsKeepingTheLast(split);
  const guard = split.findLast((segment) => segment.mainGuard)?.mainGuard;
  const parts = [imports.join("\n"), body.join("\n\n\n"), guard ? trimBlank(guard).join("\n") : ""];
  return `${parts.filter((part) => part.trim()).join("\n\n\n")}\n`;
}

const NODE_REQUIRE =
  /^(?:const|let|var)\s+([^=]+?)\s*=\s*require\(\s*(["'`])([^"'`]+)\2\s*\)\s*;?\s*$/;
const NODE_MAIN_GUARD = /^if\s*\(\s*require\.main\s*===\s*module\s*\)/;
const NODE_DEFINITION =
  /^(?:export\s+)?(?:(?:async\s+)?function\s*\*?\s*([\w$]+)|class\s+([\w$]+)|(?:const|let|var)\s+([\w$]+)\s*=)/;
/** A top-level line that continues the statement above it instead of starting a new one. */
const NODE_CONTINUATION = /^(?:[)\]}.?:+\-%&|,]|else\b|catch\b|finally\b|while\b)/;

/** Where the scanner is between lines: bracket depth and whether a comment or template is open. */
interface NodeScanState {
  depth: number;
  mode: "code" | "block-comment" | "template";
}

/** Advances the scan over one line, skipping strings, comments and template text. */
function scanNodeLine(line: string, state: NodeScanState): void {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index] as string;
    const next = line[index + 1];
    if (state.mode === "block-comment") {
      if (character === "*" && next === "/") {
        state.mode = "code";
        index += 1;
      }
      continue;
    }
    if (state.mode === "template") {
      if (character === "\\") index += 1;
      else if (character === "`") state.mode = "code";
      continue;
    }
    if (quote) {
      if (character === "\\") index += 1;
      else if (character === quote) quote = undefined;
      continue;
    }
    if (character === "/" && next === "/") return;
    if (character === "/" && next === "*") {
      state.mode = "block-comment";
      index += 1;
    } else if (character === '"' || character === "'") quote = character;
    else if (character === "`") state.mode = "template";
    else if (character === "(" || character === "[" || character === "{") state.depth += 1;
    else if (character === ")" || character === "]" || character === "}") state.depth -= 1;
  }
}

interface NodeRequire {
  /** Each bound name with the text that binds it (`fs`, or `readFile` / `read: readFile`). */
  bindings: { name: string; text: string }[];
  destructured: boolean;
  keyword: string;
  module: string;
}

function parseRequire(line: string): NodeRequire | undefined {
  const match = NODE_REQUIRE.exec(line.trim());
  if (!match) return undefined;
  const target = (match[1] as string).trim();
  const keyword = line.trim().split(/\s/)[0] as string;
  const module = (match[3] as string).replace(/^node:/, "");
  if (/^[\w$]+$/.test(target)) {
    return { bindings: [{ name: target, text: target }], destructured: false, keyword, module };
  }
  const inner = /^\{([^{}]*)\}$/.exec(target)?.[1];
  if (inner === undefined) return undefined;
  const bindings = inner
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((text) => ({ name: (text.split(":").at(-1) as string).trim(), text }));
  return { bindings, destructured: true, keyword, module };
}

interface NodeSplit {
  requires: string[];
  chunks: Chunk[];
  mainGuard?: string[];
}

function splitNode(code: string): NodeSplit {
  const lines = code.replace(/\r\n/g, "\n").split("\n");
  const segment: NodeSplit = { requires: [], chunks: [] };
  const state: NodeScanState = { depth: 0, mode: "code" };
  let current: Chunk | undefined;
  let target: "chunk" | "guard" = "chunk";
  let pendingComments: string[] = [];
  for (const line of lines) {
    const topLevel = state.depth === 0 && state.mode === "code" && /^\S/.test(line);
    if (topLevel && !NODE_CONTINUATION.test(line)) {
      if (
        /^(?:\/\/|\/\*|\*)/.test(line) ||
        line.startsWith("#!") ||
        /^["']use strict["']/.test(line)
      ) {
        if (!line.startsWith("#!") && !/^["']use strict["']/.test(line)) pendingComments.push(line);
        scanNodeLine(line, state);
        continue;
      }
      if (parseRequire(line)) {
        segment.requires.push(line.trim());
        current = undefined;
        pendingComments = [];
        scanNodeLine(line, state);
        continue;
      }
      if (NODE_MAIN_GUARD.test(line)) {
        segment.mainGuard = [line];
        target = "guard";
        current = undefined;
        pendingComments = [];
        scanNodeLine(line, state);
        continue;
      }
      target = "chunk";
      const match = NODE_DEFINITION.exec(line);
      const name = match?.[1] ?? match?.[2] ?? match?.[3];
      current = { ...(name ? { name } : {}), lines: [...pendingComments, line] };
      pendingComments = [];
      segment.chunks.push(current);
    } else if (target === "guard" && segment.mainGuard) {
      segment.mainGuard.push(line);
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim()) {
      current = { lines: [line] };
      segment.chunks.push(current);
    }
    scanNodeLine(line, state);
  }
  return segment;
}

function mergeNode(segments: readonly string[]): string {
  const split = segments.map(splitNode);
  // One binding per name: `require("fs")`, `require('fs')` and `require("node:fs")` bound to
  // the same name are one declaration, and a destructuring keeps only names not yet bound.
  const bound = new Set<string>();
  const requires: string[] = [];
  for (const segment of split) {
    for (const line of segment.requires) {
      const parsed = parseRequire(line) as NodeRequire;
      const fresh = parsed.bindings.filter((binding) => !bound.has(binding.name));
      for (const binding of fresh) bound.add(binding.name);
      if (fresh.length === 0) continue;
      if (!parsed.destructured || fresh.length === parsed.bindings.length) requires.push(line);
      else {
        const names = fresh.map((binding) => binding.text).join(", ");
        requires.push(`${parsed.keyword} { ${names} } = require("${parsed.module}");`);
      }
    }
  }
  const body = definitionsKeepingTheLast(split);
  const guard = split.findLast((segment) => segment.mainGuard)?.mainGuard;
  const parts = [requires.join("\n"), body.join("\n\n"), guard ? trimBlank(guard).join("\n") : ""];
  return `${parts.filter((part) => part.trim()).join("\n\n")}\n`;
}

/**
 * Merges the code of several subtasks into one program: imports deduplicated and hoisted
 * to the top (`from __future__` first; for Node one `require` per bound name, whatever
 * the quotes or `node:` prefix), every definition kept in order, a name defined
 * again by a later step replaced by that later definition, and a single main guard (the
 * last one written, which belongs to the integration step).
 */
export function mergeSegments(language: Language, segments: readonly string[]): string {
  return language === "python" ? mergePython(segments) : mergeNode(segments);
}

/**
 * The segments' definitions in order, each as one text, where a name a later step defines
 * again keeps only that later definition (Python and JavaScript alike).
 */
function definitionsKeepingTheLast(split: readonly { chunks: readonly Chunk[] }[]): string[] {
  const lastDefinition = new Map<string, number>();
  split.forEach((segment, index) => {
    for (const chunk of segment.chunks) if (chunk.name) lastDefinition.set(chunk.name, index);
  });
  const body: string[] = [];
  split.forEach((segment, index) => {
    for (const chunk of segment.chunks) {
      if (chunk.name && lastDefinition.get(chunk.name) !== index) continue;
      const lines = trimBlank(chunk.lines);
      if (lines.length > 0) body.push(lines.join("\n"));
    }
  });
  return body;
}
