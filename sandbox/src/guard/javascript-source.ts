import type { ScannedSource } from "./scanned-source.js";
import { SourceScanner } from "./source-scanner.js";

const REGEX_AFTER_CHARS = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const REGEX_AFTER_WORDS = new Set([
  "return",
  "typeof",
  "case",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "yield",
  "await",
  "else",
  "do",
]);

/**
 * Splits JavaScript source into code and text, like `scanPythonSource`: contents of
 * quoted strings, template literal text, regular expression literals and comments become
 * spaces (newlines kept); `${…}` inside template literals stays code. A `/` counts as a
 * regular expression when what precedes it cannot end an operand, the usual heuristic.
 */
export function scanJavaScriptSource(source: string): ScannedSource {
  return new JavaScriptScanner(source).scan();
}

class JavaScriptScanner extends SourceScanner {
  protected scanToken(char: string): boolean {
    const next = this.source[this.position + 1];
    if (char === "/" && next === "/") {
      this.blankWhile(() => this.source[this.position] !== "\n");
    } else if (char === "/" && next === "*") {
      const end = this.source.indexOf("*/", this.position + 2);
      const stop = end === -1 ? this.source.length : end + 2;
      this.blankWhile(() => this.position < stop);
    } else if (char === "/" && this.regexAllowed()) {
      this.scanRegex();
    } else if (char === '"' || char === "'") {
      this.scanQuoted(char);
    } else if (char === "`") {
      this.scanTemplate();
    } else {
      return false;
    }
    return true;
  }

  private regexAllowed(): boolean {
    let index = this.position - 1;
    while (index >= 0 && /\s/.test(this.output[index] as string)) index -= 1;
    if (index < 0) return true;
    const previous = this.output[index] as string;
    if (REGEX_AFTER_CHARS.has(previous)) return true;
    if (!/[\w$]/.test(previous)) return false;
    let start = index;
    while (start > 0 && /[\w$]/.test(this.output[start - 1] as string)) start -= 1;
    return REGEX_AFTER_WORDS.has(this.output.slice(start, index + 1).join(""));
  }

  private scanRegex(): void {
    this.position += 1;
    let inClass = false;
    while (this.position < this.source.length) {
      const char = this.source[this.position] as string;
      if (char === "\n") return;
      if (char === "\\") {
        this.takeEscape();
        continue;
      }
      if (char === "[") inClass = true;
      else if (char === "]") inClass = false;
      else if (char === "/" && !inClass) {
        this.position += 1;
        return;
      }
      this.takeText();
    }
  }

  private scanQuoted(quote: string): void {
    const start = this.position;
    this.position += 1;
    let value = "";
    while (this.position < this.source.length) {
      const char = this.source[this.position] as string;
      if (char === quote) {
        this.position += 1;
        break;
      }
      if (char === "\n") break;
      value += char === "\\" ? this.takeEscape() : this.takeText();
    }
    this.literals.push({ start, value });
  }

  private scanTemplate(): void {
    const start = this.position;
    this.position += 1;
    let value = "";
    while (this.position < this.source.length) {
      const char = this.source[this.position] as string;
      if (char === "`") {
        this.position += 1;
        break;
      }
      if (char === "\\") {
        value += this.takeEscape();
      } else if (char === "$" && this.source[this.position + 1] === "{") {
        this.scanInterpolation(2);
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder marks where an expression was
        value += "${}";
      } else {
        value += this.takeText();
      }
    }
    this.literals.push({ start, value });
  }
}
