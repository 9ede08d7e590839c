import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
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

const python = spawnSync("python3", ["--version"]);
const hasPython = python.status === 0;

describe.skipIf(!hasPython)("merged Python parses with CPython (python3 on this machine)", () => {
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
