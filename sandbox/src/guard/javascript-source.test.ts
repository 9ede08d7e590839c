import { describe, expect, it } from "vitest";
import { scanJavaScriptSource } from "./javascript-source.js";

describe("scanJavaScriptSource", () => {
  it("blanks comments, string contents and regular expressions, keeping length and lines", () => {
    const source = "const a = 'eval'; // exec\n/* child_process */ b = /sp\\/awn[/]/g;";

    const scanned = scanJavaScriptSource(source);

    expect(scanned.code).toBe("const a = '    ';        \n                    b = /          /g;");
    expect(scanned.code).toHaveLength(source.length);
    expect(scanned.literals).toEqual([{ start: 10, value: "eval" }]);
  });

  it("keeps template interpolations as code, with their own nested strings", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
    const { code, literals } = scanJavaScriptSource("`a ${f({ k: `n ${'q'}` })} b`");

    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
    expect(code).toBe("`  ${f({ k: `  ${' '}` })}  `");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
    expect(literals.map((literal) => literal.value)).toEqual(["q", "n ${}", "a ${} b"]);
  });

  it("takes a slash after an operand for division, not a regular expression", () => {
    const { code } = scanJavaScriptSource("x = a / b / c; return /re/");

    expect(code).toBe("x = a / b / c; return /  /");
  });

  it("ends an unterminated quoted string at the line end", () => {
    const { code } = scanJavaScriptSource("x = 'open\nrequire('fs')");

    expect(code).toBe("x = '    \nrequire('  ')");
  });
});
