import { countTokens } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { importCandidates, outlineFile } from "./extract-definitions.js";
import { buildRepoMap } from "./repo-map.js";
import { fixtureFiles } from "./test-support/fixture-repositories.js";
import { createSnapshot, type WorkspaceSnapshot } from "./workspace-snapshot.js";

function snapshotOf(files: Record<string, string>): WorkspaceSnapshot {
  return createSnapshot(
    Object.entries(files).map(([path, content]) => ({ path, size: content.length, content })),
  );
}

describe("buildRepoMap", () => {
  it("maps the Python fixture, the file the task names first, within the default budget", async () => {
    const snapshot = snapshotOf(await fixtureFiles("python-package"));
    const map = buildRepoMap(snapshot, { task: "parse_duration should accept days such as 2d" });

    expect(map.files[0]).toBe("textkit/durations.py");
    expect(map.text).toContain(
      [
        "textkit/durations.py:",
        '  UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}',
        "  def parse_duration(text: str) -> int",
        "  def format_duration(seconds: int) -> str",
        "",
      ].join("\n"),
    );
    expect(map.text).toContain("  class Normalizer\n    def __init__(self) -> None\n");
    expect(map.files).toHaveLength(9);
    expect(map.tokens).toBe(countTokens(map.text));
    expect(map.tokens).toBeLessThanOrEqual(1_024);
  });

  it("ranks up the files a relevant file imports", async () => {
    const snapshot = snapshotOf(await fixtureFiles("python-package"));
    const map = buildRepoMap(snapshot, { task: "slugify drops digits" });
    expect(map.files[0]).toBe("textkit/slug.py");
    // slug.py imports normalize.py; nothing in the task names it.
    expect(map.files.indexOf("textkit/normalize.py")).toBeLessThan(
      map.files.indexOf("textkit/durations.py"),
    );
  });

  it("maps the Node fixture with exported names and re-exports", async () => {
    const snapshot = snapshotOf(await fixtureFiles("node-package"));
    const map = buildRepoMap(snapshot, { task: "formatPrice should take a currency code" });
    expect(map.files[0]).toBe("src/money.js");
    expect(map.text).toContain('  export function formatPrice(amount, currency = "€")\n');
    expect(map.text).toContain(
      "src/cart.js:\n  export class Cart\n  export function cartTotal(cart)\n",
    );
  });

  it("cuts to the budget: the most relevant first, then paths alone, then nothing", async () => {
    const snapshot = snapshotOf(await fixtureFiles("python-package"));
    const map = buildRepoMap(snapshot, { task: "parse_duration days", maxTokens: 60 });
    expect(map.tokens).toBeLessThanOrEqual(60);
    expect(map.files[0]).toBe("textkit/durations.py");
    expect(map.omittedFiles).toBeGreaterThan(0);
    expect(map.text).toMatch(/^textkit\/durations\.py:\n {2}UNIT_SECONDS/);
  });

  it("keeps a large repository within the default budget, leaving out vendored and unread files", () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 300; index += 1) {
      files[`pkg/module_${index}.py`] =
        `from .module_${(index + 1) % 300} import helper_${index + 1}\n\n\ndef helper_${index}(value):\n    return value\n\n\nclass Widget${index}:\n    pass\n`;
    }
    const snapshot = createSnapshot([
      ...snapshotOf(files).files,
      { path: "node_modules/x/index.js", size: 10, content: null, skipped: "vendored" },
      { path: "logo.png", size: 10, content: null, skipped: "binary" },
    ]);
    const map = buildRepoMap(snapshot, { task: "rename helper_42" });
    expect(map.tokens).toBeLessThanOrEqual(1_024);
    expect(map.files[0]).toBe("pkg/module_42.py");
    expect(map.files).toContain("pkg/module_43.py");
    expect(map.text).not.toContain("node_modules");
    expect(map.text).not.toContain("logo.png");
    expect(map.omittedFiles).toBeGreaterThan(100);
  });
});

describe("outlineFile", () => {
  it("reads Python definitions and imports", () => {
    const outline = outlineFile(
      "pkg/a.py",
      [
        "import os, sys as system",
        "from . import b",
        "from ..core.c import (d, e)",
        "LIMIT: int = 3",
        "@decorator",
        "async def fetch(url,",
        "                timeout=1):",
        "    def inner():",
        "        pass",
        "class Thing(Base):",
        "    def public(self):",
        "        pass",
        "    def _private(self):",
        "        pass",
        "value = 1",
      ].join("\n"),
    );
    expect(outline.definitions).toEqual([
      "LIMIT: int = 3",
      "async def fetch(url,",
      "class Thing(Base)",
      "  def public(self)",
    ]);
    expect(outline.names).toEqual(["LIMIT", "fetch", "Thing"]);
    expect(outline.imports).toEqual([
      "os",
      "sys",
      ".",
      ".b",
      "..core.c",
      "..core.c.d",
      "..core.c.e",
    ]);
  });

  it("reads JavaScript and TypeScript definitions and imports", () => {
    const outline = outlineFile(
      "src/a.ts",
      [
        'import { x } from "./x.js";',
        'import "./side-effect";',
        'const y = require("../y");',
        "export default async function main(): Promise<void> {",
        "export interface Options {",
        "export const LIMIT = 3;",
        "const helper = (a: number) => a;",
        "function local() {",
        "  function nested() {}",
        "}",
        'export { a as b } from "./c";',
        "module.exports = { one, two: three };",
      ].join("\n"),
    );
    expect(outline.names).toEqual([
      "main",
      "Options",
      "LIMIT",
      "helper",
      "local",
      "b",
      "one",
      "two",
    ]);
    expect(outline.definitions[0]).toBe("export default async function main(): Promise<void>");
    expect(outline.imports).toEqual(["./x.js", "./side-effect", "../y", "./c"]);
  });
});

describe("importCandidates", () => {
  it("resolves relative and absolute Python modules", () => {
    expect(importCandidates("textkit/slug.py", ".normalize")).toEqual([
      "textkit/normalize.py",
      "textkit/normalize/__init__.py",
    ]);
    expect(importCandidates("pkg/sub/a.py", "..core")).toEqual([
      "pkg/core.py",
      "pkg/core/__init__.py",
    ]);
    expect(importCandidates("tests/test_a.py", "textkit.durations")).toEqual([
      "textkit/durations.py",
      "textkit/durations/__init__.py",
      "src/textkit/durations.py",
      "src/textkit/durations/__init__.py",
    ]);
  });

  it("resolves relative JavaScript specifiers, .js to .ts included, and ignores packages", () => {
    const candidates = importCandidates("src/index.ts", "./money.js");
    expect(candidates.slice(0, 2)).toEqual(["src/money.js", "src/money.ts"]);
    expect(candidates).toContain("src/money.js/index.ts");
    expect(importCandidates("src/index.js", "node:test")).toEqual([]);
    expect(importCandidates("index.js", "../outside")).toEqual([]);
  });
});
