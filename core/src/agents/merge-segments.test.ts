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
