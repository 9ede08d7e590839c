import { type Logger, pino } from "pino";

/** One log line as pino wrote it. */
export interface CapturedLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger at debug level whose lines land in `lines` instead of stdout. */
export function createCaptureLogger(): { logger: Logger; lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => void lines.push(JSON.parse(line) as CapturedLine) },
  );
  return { logger, lines };
}

/** pino's numeric level of `warn`. */
export const WARN_LEVEL = 40;
