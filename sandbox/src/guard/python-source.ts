import type { ScannedSource } from "./scanned-source.js";
import { SourceScanner } from "./source-scanner.js";

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
  return new PythonScanner(source).scan();
}

class PythonScanner extends SourceScanner {
  protected scanToken(char: string): boolean {
    if (char === "#") {
      this.blankWhile(() => this.source[this.position] !== "\n");
    } else if (char === '"' || char === "'") {
      this.scanString(this.position, "");
    } else if (IDENTIFIER_START.test(char)) {
      // A whole identifier, so the end of one (`elif'x'`) is never taken for a prefix.
      const start = this.position;
      while (
        this.position < this.source.length &&
        IDENTIFIER_PART.test(this.source[this.position] as string)
      ) {
        this.position += 1;
      }
      const word = this.source.slice(start, this.position).toLowerCase();
      const next = this.source[this.position];
      if ((next === '"' || next === "'") && STRING_PREFIXES.has(word)) {
        this.scanString(start, word);
      }
    } else {
      return false;
    }
    return true;
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
        value += this.takeEscape();
      } else if (
        formatted &&
        (char === "{" || char === "}") &&
        this.source[this.position + 1] === char
      ) {
        this.takeText();
        value += this.takeText();
      } else if (formatted && char === "{") {
        // The expression runs: keep it as code, with its own strings scanned.
        this.scanInterpolation(1);
        value += "{}";
      } else {
        value += this.takeText();
      }
    }
    this.literals.push({ start, value });
  }
}
