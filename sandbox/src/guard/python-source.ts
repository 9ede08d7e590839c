import type { ScannedSource, StringLiteral } from "./scanned-source.js";

const STRING_PREFIXES = new Set(["r", "u", "b", "f", "br", "rb", "fr", "rf"]);
const IDENTIFIER_START = /[\p{L}_]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_]/u;

/**
 * Splits Python source into code and text: every string literal's contents and every
 * comment are replaced by spaces (newlines kept, so offsets and line numbers stay), and
 * the literals are returned beside it. Handles string prefixes (`r`, `b`, `u`, `f` and
 * their pairs), triple quotes, backslash escapes and f-strings, whose `{expressions}` stay
 * code (with their own nested strings handled) because they run.
 *
 * @example
 * scanPythonSource('x = "subprocess"  # os.system').code
 * // 'x = "          "             '
 */
export function scanPythonSource(source: string): ScannedSource {
  const scanner = new PythonScanner(source);
  scanner.scanCode(false);
  return { code: scanner.output.join(""), literals: scanner.literals };
}

class PythonScanner {
  readonly output: string[];
  readonly literals: StringLiteral[] = [];
  private readonly source: string;
  private position = 0;

  constructor(source: string) {
    this.source = source;
    // UTF-16 code units, so positions in `output` match those in `source`.
    this.output = source.split("");
  }

  /** Scans code until the end, or (inside an f-string) until its closing brace. */
  scanCode(insideFormat: boolean): void {
    let depth = 0;
    while (this.position < this.source.length) {
      const char = this.source[this.position] as string;
      if (char === "#") {
        this.blankUntilLineEnd();
      } else if (char === '"' || char === "'") {
        this.scanString(this.position, "");
      } else if (IDENTIFIER_START.test(char)) {
        const start = this.position;
        while (
          this.position < this.source.length &&
          IDENTIFIER_PART.test(this.source[this.position] as string)
        ) {
          this.position += 1;
        }
        const word = this.source.slice(start, this.position);
        const next = this.source[this.position];
        if ((next === '"' || next === "'") && STRING_PREFIXES.has(word.toLowerCase())) {
          this.scanString(start, word.toLowerCase());
        }
      } else if (char === "(" || char === "[" || char === "{") {
        depth += 1;
        this.position += 1;
      } else if (char === ")" || char === "]" || char === "}") {
        if (insideFormat && depth === 0 && char === "}") return;
        depth = Math.max(0, depth - 1);
        this.position += 1;
      } else {
        this.position += 1;
      }
    }
  }

  private blankUntilLineEnd(): void {
    while (this.position < this.source.length && this.source[this.position] !== "\n") {
      this.blank(this.position);
      this.position += 1;
    }
  }

  /** Scans one string literal whose prefix starts at `start`; `position` is at the quote. */
  private scanString(start: number, prefix: string): void {
    const quote = this.source[this.position] as string;
    const triple = this.source.startsWith(quote.repeat(3), this.position);
    const delimiter = triple ? quote.repeat(3) : quote;
    const formatted = prefix.includes("f");
    this.position += delimiter.length;
    let value = "";
    while (this.position < this.source.length) {
      const char = this.source[this.position] as string;
      if (this.source.startsWith(delimiter, this.position)) {
        this.position += delimiter.length;
        break;
      }
      if (char === "\n" && !triple) break; // unterminated: the line ends it
      if (char === "\\" && this.position + 1 < this.source.length) {
        value += this.source.slice(this.position, this.position + 2);
        this.blank(this.position);
        this.blank(this.position + 1);
        this.position += 2;
        continue;
      }
      if (formatted && (char === "{" || char === "}")) {
        if (this.source[this.position + 1] === char) {
          value += char;
          this.blank(this.position);
          this.blank(this.position + 1);
          this.position += 2;
          continue;
        }
        if (char === "{") {
          // The expression runs: keep it as code, with its own strings scanned.
          this.position += 1;
          this.scanCode(true);
          this.position += 1; // the closing brace
          value += "{}";
          continue;
        }
      }
      value += char;
      this.blank(this.position);
      this.position += 1;
    }
    this.literals.push({ start, value });
  }

  private blank(index: number): void {
    if (this.output[index] !== "\n") this.output[index] = " ";
  }
}
