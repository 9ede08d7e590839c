import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { requireCommand } from "../testing/require-command.js";
import { mergeSegments } from "./merge-segments.js";

describe("mergeSegments (Python)", () => {
  it("hoists and deduplicates imports, keeps definitions in order and one main guard", () => {
    const first = [
      "import math",
      "from typing import List",
      "",
      "def area(r: float) -> float:",
      '    """Area."""',
      "    return math.pi * r * r",
      "",
      'if __name__ == "__main__":',
      "    print(area(1))",
    ].join("\n");
    const second = [
      "from __future__ import annotations",
      "import math",
      "from typing import (",
      "    Dict,",
      ")",
      "",
      "def main() -> None:",
      "    print(area(2))",
      "",
      'if __name__ == "__main__":',
      "    main()",
    ].join("\n");

    const merged = mergeSegments("python", [first, second]);

    expect(merged.split("\n").slice(0, 5)).toEqual([
      "from __future__ import annotations",
      "import math",
      "from typing import List",
      "from typing import (",
      "    Dict,",
    ]);
    expect(merged.match(/^import math$/gm)).toHaveLength(1);
    expect(merged.match(/__main__/g)).toHaveLength(1);
    expect(merged.indexOf("def area")).toBeLessThan(merged.indexOf("def main"));
    expect(merged.trimEnd().endsWith('if __name__ == "__main__":\n    main()')).toBe(true);
    expect(merged).not.toContain("print(area(1))");
  });

  it("replaces a definition that a later step writes again, decorators included", () => {
    const first = "@staticmethod\ndef parse(text: str) -> int:\n    return 0\n\nLIMIT = 3\n";
    const second = "def parse(text: str) -> int:\n    return int(text)\n";

    const merged = mergeSegments("python", [first, second]);

    expect(merged.match(/def parse/g)).toHaveLength(1);
    expect(merged).toContain("return int(text)");
    expect(merged).not.toContain("@staticmethod");
    expect(merged).toContain("LIMIT = 3");
  });

  it("keeps one module constant when a later step restates it", () => {
    const first =
      'VALUES: dict[str, int] = {\n    "I": 1,\n}\n\ndef one() -> int:\n    return VALUES["I"]\n';
    const second =
      'VALUES: dict[str, int] = {\n    "I": 1,\n    "V": 5,\n}\ncount = 0\ncount = 1\n';

    const merged = mergeSegments("python", [first, second]);

    expect(merged.match(/^VALUES/gm)).toHaveLength(1);
    expect(merged).toContain('"V": 5');
    expect(merged.match(/^count = /gm)).toHaveLength(2);
  });

  it("does not split inside a multi-line string that has unindented lines", () => {
    const code =
      'USAGE = """\nimport nothing\ndef not_a_function\n"""\n\ndef f() -> str:\n    return USAGE\n';

    const merged = mergeSegments("python", [code]);

    expect(merged).toContain('USAGE = """\nimport nothing\ndef not_a_function\n"""');
  });
});

describe("mergeSegments (JavaScript)", () => {
  it("deduplicates requires and keeps the last main guard", () => {
    const first =
      'const fs = require("node:fs");\nfunction a() { return 1; }\nif (require.main === module) {\n  console.log(a());\n}\n';
    const second =
      'const fs = require("node:fs");\nfunction main() { console.log(a()); }\nif (require.main === module) {\n  main();\n}\n';

    const merged = mergeSegments("node", [first, second]);

    expect(merged.match(/require\("node:fs"\)/g)).toHaveLength(1);
    expect(merged.match(/require\.main/g)).toHaveLength(1);
    expect(merged).toContain("  main();");
  });
});

describe("mergeSegments (JavaScript): one binding per name, later definitions win", () => {
  const steps = [
    [
      "// Parses one line.",
      'const fs = require("fs");',
      "const { join, resolve } = require('node:path');",
      "function parse(text) {",
      '  const braces = "{ not a block";',
      '  return text.split(",").length;',
      "}",
      "const LIMIT = 3;",
      "class Counter {",
      "  count() {",
      "    return 0;",
      "  }",
      "}",
    ].join("\n"),
    [
      "const fs = require('fs');",
      'const path = require("path");',
      'const { join, dirname: parent } = require("path");',
      "/** Parses every line. */",
      "function parse(text) {",
      "  return text",
      '    .split("\\n")',
      "    .filter(Boolean).length;",
      "}",
      "const LIMIT = 5;",
      "function main() {",
      "  console.log(parse(`a\n}`), LIMIT, new Counter().count(), join, resolve, parent, fs, path);",
      "}",
      "if (require.main === module) {",
      "  main();",
      "}",
    ].join("\n"),
  ];

  it("keeps one declaration per bound name whatever the quotes, and the later definition", () => {
    const merged = mergeSegments("node", steps);

    expect(merged.match(/const fs =/g)).toHaveLength(1);
    expect(merged.match(/\bjoin\b.*require/g)).toHaveLength(1);
    expect(merged).toContain('const { dirname: parent } = require("path");');
    expect(merged).toContain('const path = require("path");');
    expect(merged.match(/function parse/g)).toHaveLength(1);
    expect(merged).toContain("/** Parses every line. */");
    expect(merged).not.toContain("// Parses one line.");
    expect(merged).not.toContain("{ not a block");
    expect(merged.match(/const LIMIT/g)).toHaveLength(1);
    expect(merged).toContain("const LIMIT = 5;");
    expect(merged).toContain("class Counter {\n  count() {\n    return 0;\n  }\n}");
  });

  it("produces a program that node parses and runs", () => {
    const merged = mergeSegments("node", steps);

    expect(() => new vm.Script(merged, { filename: "merged.js" })).not.toThrow();
    const directory = mkdtempSync(join(tmpdir(), "codeforge-merge-"));
    const file = join(directory, "main.js");
    writeFileSync(file, merged);
    const run = spawnSync(process.execPath, [file], { encoding: "utf8" });
    rmSync(directory, { recursive: true, force: true });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^2 5 0 /);
  });

  it("the text-identical dedupe of before would not have parsed", () => {
    // Guards the test above: concatenating the steps' declarations is a SyntaxError.
    expect(() => new vm.Script(steps.join("\n"))).toThrow(/already been declared/);
  });
});

const python = await requireCommand("python3");

describe.skipIf(!python.available)(`merged Python parses with CPython ${python.reason}`, () => {
  it("merges a three-step program into valid Python", () => {
    const steps = [
      'import re\nfrom typing import List\n\n\ndef words(text: str) -> List[str]:\n    """Words."""\n    return re.findall(r"\\w+", text)\n',
      'from collections import Counter\nimport re\n\n\nclass Counts:\n    """Counts."""\n\n    def __init__(self, text: str) -> None:\n        self.counts = Counter(words(text))\n',
      'import sys\n\n\ndef main() -> None:\n    print(Counts(sys.argv[0]).counts)\n\n\nif __name__ == "__main__":\n    main()\n',
    ];

    const merged = mergeSegments("python", steps);
    const parsed = spawnSync("python3", ["-c", "import ast,sys; ast.parse(sys.stdin.read())"], {
      input: merged,
      encoding: "utf8",
    });

    expect(parsed.stderr).toBe("");
    expect(parsed.status).toBe(0);
  });
});
