import { readFileSync } from "node:fs";
import { type Document, LineCounter, parseDocument } from "yaml";
import type { ConfigIssue } from "../errors/config-error.js";
import type { ConfigLayer, ValueOrigin } from "./config-layer.js";
import { isPlainObject, walkValues } from "./config-layer.js";

/** A configuration file: a path to read, or a path (for messages) with text already read. */
export type ConfigFileSource = string | { readonly path: string; readonly text: string };

function fileIssue(path: string, message: string): ConfigIssue {
  return { path: "", source: path, message };
}

function readText(file: ConfigFileSource): { path: string; text: string } | ConfigIssue {
  if (typeof file !== "string") return file;
  try {
    return { path: file, text: readFileSync(file, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      return fileIssue(
        file,
        "does not exist: check the path given with --config or CODEFORGE_CONFIG",
      );
    }
    if (code === "EISDIR") return fileIssue(file, "is a directory, not a YAML file");
    return fileIssue(file, `cannot be read (${code ?? String(error)})`);
  }
}

function lineOf(
  document: Document,
  lines: LineCounter,
  segments: readonly string[],
): number | undefined {
  const node = document.getIn(segments, true) as { range?: [number, number, number] } | null;
  const start = node?.range?.[0];
  return start === undefined ? undefined : lines.linePos(start).line;
}

/**
 * Reads a YAML configuration file (the shape of `.github/codeforge.yml`) into a
 * configuration layer. A missing file, malformed YAML (with its line) or a top level that
 * is not a mapping become issues naming the file; values carry `file: key (line N)` origins.
 */
export function readConfigFile(file: ConfigFileSource): ConfigLayer {
  const empty = { input: {}, origins: new Map<string, ValueOrigin>() };
  const read = readText(file);
  if (!("text" in read)) return { ...empty, issues: [read] };
  const lines = new LineCounter();
  const document = parseDocument(read.text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ...empty,
      issues: document.errors.map((error) => {
        const position = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
        const where = position ? ` at line ${position.line}, column ${position.col}` : "";
        const reason = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "");
        return fileIssue(read.path, `is not valid YAML${where}: ${reason}`);
      }),
    };
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return { ...empty, issues: [] };
  if (!isPlainObject(value)) {
    return {
      ...empty,
      issues: [
        fileIssue(
          read.path,
          "must be a mapping of sections, e.g. `sandbox:` with `timeoutSeconds: 30` under it",
        ),
      ],
    };
  }
  const origins = new Map<string, ValueOrigin>();
  walkValues(value, (path, _value, segments) => {
    const line = lineOf(document, lines, segments);
    origins.set(path, {
      source: `${read.path}: ${path}`,
      ...(line === undefined ? {} : { note: `(line ${line})` }),
    });
  });
  return { input: value, origins, issues: [] };
}
