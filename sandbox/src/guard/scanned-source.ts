/** A string literal found in source code. */
export interface StringLiteral {
  /** Offset of the literal's first character (its prefix or opening quote). */
  start: number;
  /** Its contents as written, without quotes; f-string expressions read as `{}`. */
  value: string;
}

/** Source code split into code and text, as the guard's patterns need it. */
export interface ScannedSource {
  /** The source with string contents and comments replaced by spaces; same length and lines. */
  code: string;
  /** The string literals, in order. */
  literals: StringLiteral[];
}
