import { describe, expect, it } from "vitest";
import { scanPythonSource } from "./python-source.js";

describe("scanPythonSource", () => {
  it("blanks string contents and comments, keeping quotes, length and lines", () => {
    const source = 'x = "eval" # exec\ny = 1';

    const scanned = scanPythonSource(source);

    expect(scanned.code).toBe('x = "    "       \ny = 1');
    expect(scanned.code).toHaveLength(source.length);
    expect(scanned.literals).toEqual([{ start: 4, value: "eval" }]);
  });

  it("reads prefixed, triple-quoted and escaped literals", () => {
    const source = "a = rb'\\x00'\nb = '''one\n'two'\n'''\nc = 'it\\'s'";

    const { code, literals } = scanPythonSource(source);

    expect(literals.map((literal) => literal.value)).toEqual(["\\x00", "one\n'two'\n", "it\\'s"]);
    expect(literals[0]?.start).toBe(4);
    expect(code.split("\n")).toHaveLength(source.split("\n").length);
    expect(code).toContain("c = '     '");
  });

  it("keeps f-string expressions as code, including their nested strings", () => {
    const { code, literals } = scanPythonSource("f'a {b[\"k\"]} {{c}} d'");

    expect(code).toBe("f'  {b[\" \"]}        '");
    expect(literals.map((literal) => literal.value)).toEqual(["k", "a {} {c} d"]);
  });

  it("ends an unterminated single-quoted string at the line end", () => {
    const { code } = scanPythonSource("x = 'open\nimport os");

    expect(code).toBe("x = '    \nimport os");
  });

  it("does not take the end of an identifier for a string prefix", () => {
    const { literals } = scanPythonSource("elif'x': pass");

    expect(literals).toEqual([{ start: 4, value: "x" }]);
  });
});
