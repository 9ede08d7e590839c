import { CodeForgeError, type CodeForgeErrorOptions } from "../../errors/codeforge-error.js";

/** A replayed request has no recorded answer in the cassette. */
export class ReplayMissError extends CodeForgeError {
  /** The request's hash, the cassette's key. */
  readonly hash: string;
  readonly cassettePath: string;

  constructor(options: { hash: string; cassettePath: string; promptStart: string }) {
    super(
      `No recorded answer for request ${options.hash} in cassette ${options.cassettePath} (prompt: "${options.promptStart}"). ` +
        "Record it again with the replay model in record mode, or undo the change to the prompt, model or options.",
    );
    this.hash = options.hash;
    this.cassettePath = options.cassettePath;
  }
}

/** A cassette file is missing or holds a line that is not a valid entry. */
export class CassetteError extends CodeForgeError {
  readonly cassettePath: string;
  /** 1-based line of the invalid entry, when one is to blame. */
  readonly line: number | undefined;

  constructor(
    message: string,
    options: CodeForgeErrorOptions & { cassettePath: string; line?: number },
  ) {
    super(message, options);
    this.cassettePath = options.cassettePath;
    this.line = options.line;
  }
}
