import type { z } from "zod";
import { DatasetError } from "./dataset-error.js";

/**
 * Parses JSON Lines text, validating each line with a schema. A bad line is a
 * {@link DatasetError} naming the file and the line number.
 */
export function parseJsonLines<Schema extends z.ZodType>(
  text: string,
  schema: Schema,
  fileName: string,
): z.output<Schema>[] {
  const rows: z.output<Schema>[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    rows.push(parseRow(line, schema, fileName, `line ${index + 1}`));
  }
  return rows;
}

/** Parses one JSON document (or one line of one) with a schema, naming where it came from on failure. */
export function parseRow<Schema extends z.ZodType>(
  json: string,
  schema: Schema,
  fileName: string,
  where: string,
): z.output<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new DatasetError(
      `${fileName} ${where} is not valid JSON: replace the file with the published one.`,
      {
        code: "invalid",
        fileName,
        cause: error,
      },
    );
  }
  return validate(value, schema, fileName, where);
}

/** Validates an already parsed value with a schema, naming where it came from on failure. */
export function validate<Schema extends z.ZodType>(
  value: unknown,
  schema: Schema,
  fileName: string,
  where: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new DatasetError(`${fileName} ${where} is not a valid entry (${issues}).`, {
      code: "invalid",
      fileName,
      cause: result.error,
    });
  }
  return result.data;
}
