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
  // A later step that redefines a name replaces the earlier definition.
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
  const guard = split.findLast((segment) => segment.mainGuard)?.mainGuard;
  const parts = [imports.join("\n"), body.join("\n\n\n"), guard ? trimBlank(guard).join("\n") : ""];
  return `${parts.filter((part) => part.trim()).join("\n\n\n")}\n`;
}

const NODE_REQUIRE = /^(?:const|let|var)\s+[^=]+=\s*require\(\s*["'][^"']+["']\s*\)\s*;?\s*$/;
const NODE_MAIN_GUARD = /^if\s*\(\s*require\.main\s*===\s*module\s*\)/;

function mergeNode(segments: readonly string[]): string {
  const requires: string[] = [];
  const body: string[] = [];
  let guard: string[] | undefined;
  for (const segment of segments) {
    const lines = segment.replace(/\r\n/g, "\n").split("\n");
    const kept: string[] = [];
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index] as string;
      if (NODE_REQUIRE.test(line)) {
        if (!requires.includes(line.trim())) requires.push(line.trim());
        continue;
      }
      if (NODE_MAIN_GUARD.test(line)) {
        guard = [line];
        let depth = bracketDelta(line);
        while (depth > 0 && index + 1 < lines.length) {
          index += 1;
          guard.push(lines[index] as string);
          depth += bracketDelta(lines[index] as string);
        }
        continue;
      }
      kept.push(line);
    }
    const trimmed = trimBlank(kept);
    if (trimmed.length > 0) body.push(trimmed.join("\n"));
  }
  const parts = [requires.join("\n"), body.join("\n\n"), guard ? guard.join("\n") : ""];
  return `${parts.filter((part) => part.trim()).join("\n\n")}\n`;
}

/**
 * Merges the code of several subtasks into one program: imports deduplicated and hoisted
 * to the top (`from __future__` first), every definition kept in order, a name defined
 * again by a later step replaced by that later definition, and a single main guard (the
 * last one written, which belongs to the integration step).
 */
export function mergeSegments(language: Language, segments: readonly string[]): string {
  return language === "python" ? mergePython(segments) : mergeNode(segments);
}
