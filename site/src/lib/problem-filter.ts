/** A problem row as the run page's filter sees it. */
export interface ProblemRow {
  /** `passed`, `repaired` or `failed`. */
  outcome: string;
  /** The problem id, lower case. */
  text: string;
}

/** Which rows the run page's filter shows: the outcome matches (or is any) and the id contains the text. */
export function filterProblems(
  rows: readonly ProblemRow[],
  filter: { outcome: string; text: string },
): boolean[] {
  const text = filter.text.trim().toLowerCase();
  return rows.map(
    (row) => (filter.outcome === "" || row.outcome === filter.outcome) && row.text.includes(text),
  );
}
