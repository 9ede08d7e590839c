/** Escapes a cell so a pipe or a line break in it cannot break a Markdown table. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * A GitHub-flavoured Markdown table.
 *
 * @example
 * markdownTable(["pass@1"], [["0.5000"]]); // "| pass@1 |\n| --- |\n| 0.5000 |"
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
