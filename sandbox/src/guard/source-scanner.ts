import type { ScannedSource, StringLiteral } from "./scanned-source.js";

/**
 * The skeleton the guard's language scanners share. It keeps a copy of the source in
 * which string contents and comments are blanked (same length, newlines kept, so offsets
 * and line numbers stay), the literals found, and a cursor. Its code loop tracks brackets
 * so that an interpolation (`{…}` in an f-string, `${…}` in a template literal) ends at
 * its own closing brace. A language supplies {@link SourceScanner.scanToken}: what starts
 * a comment, a string or a regular expression.
 *
 * @example
 * class MyScanner extends SourceScanner {
 *   protected scanToken(char: string): boolean {
 *     if (char !== "#") return false;
 *     this.blankWhile(() => this.source[this.position] !== "\n");
 *     return true;
 *   }
 * }
 * new MyScanner("x = 1  # eval").scan().code; // "x = 1        "
 */
export abstract class SourceScanner {
  protected readonly source: string;
  /** The source as UTF-16 code units, so positions here match those in `source`. */
  protected readonly output: string[];
  protected readonly literals: StringLiteral[] = [];
  protected position = 0;

  constructor(source: string) {
    this.source = source;
    this.output = source.split("");
  }

  /** Scans the whole source and returns it split into code and text. */
  scan(): ScannedSource {
    this.scanCode(false);
    return { code: this.output.join(""), literals: this.literals };
  }

  /**
   * Handles the comment, string or other non-code token starting at `position` (whose
   * character is `char`) and moves past it. Returns false when `char` is ordinary code,
   * which the code loop then steps over.
   */
  protected abstract scanToken(char: string): boolean;

  /** Scans code until the end or, inside an interpolation, until its closing brace. */
  protected scanCode(insideInterpolation: boolean): void {
    let depth = 0;
    while (this.position < this.source.length) {
      const char = this.source[this.position] as string;
      if (this.scanToken(char)) continue;
      if (char === "(" || char === "[" || char === "{") {
        depth += 1;
      } else if (char === ")" || char === "]" || char === "}") {
        if (insideInterpolation && depth === 0 && char === "}") return;
        depth = Math.max(0, depth - 1);
      }
      this.position += 1;
    }
  }

  /**
   * Scans an interpolation whose opening (`{` or `${`, `openLength` long) is at
   * `position`: its code stays code, with its own strings scanned, up to and past its
   * closing brace.
   */
  protected scanInterpolation(openLength: number): void {
    this.position += openLength;
    this.scanCode(true);
    this.position += 1;
  }

  /** Blanks the character at `position`, moves past it, and returns it. */
  protected takeText(): string {
    const char = this.source[this.position] as string;
    this.blank(this.position);
    this.position += 1;
    return char;
  }

  /** Blanks an escape (a backslash and the character after it), moves past it, and returns it as written. */
  protected takeEscape(): string {
    const sequence = this.source.slice(this.position, this.position + 2);
    this.blank(this.position);
    this.blank(this.position + 1);
    this.position += 2;
    return sequence;
  }

  /** Blanks characters from `position` on while `condition` holds. */
  protected blankWhile(condition: () => boolean): void {
    while (this.position < this.source.length && condition()) this.takeText();
  }

  private blank(index: number): void {
    if (index < this.output.length && this.output[index] !== "\n") this.output[index] = " ";
  }
}
