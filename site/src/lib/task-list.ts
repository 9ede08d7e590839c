/** A task row as the task list's script sees it (from the row's data attributes). */
export interface TaskListRow {
  status: string;
  source: string;
  /** Prompt and id, lower case. */
  text: string;
  createdAt: string;
  costUsd: number;
  timeMs: number;
}

/** Sort keys of the task list. */
export const TASK_LIST_SORTS = ["newest", "oldest", "cost", "duration"] as const;

/** The task list's filters, sort and page, as its form holds them. */
export interface TaskListState {
  status: string;
  source: string;
  text: string;
  sort: string;
  page: number;
  perPage: number;
}

/** What the list shows: row indexes in display order for the page, and the page count. */
export interface TaskListView {
  visible: number[];
  matching: number;
  page: number;
  pages: number;
}

/**
 * Filters (status, source, text in prompt or id), sorts and pages the task rows in the
 * browser. The page is clamped to the pages there are.
 */
export function viewTaskList(rows: readonly TaskListRow[], state: TaskListState): TaskListView {
  const text = state.text.trim().toLowerCase();
  const matching = rows
    .map((row, index) => ({ row, index }))
    .filter(
      ({ row }) =>
        (state.status === "" || row.status === state.status) &&
        (state.source === "" || row.source === state.source) &&
        (text === "" || row.text.includes(text)),
    );
  const compare =
    {
      newest: (a: TaskListRow, b: TaskListRow) => b.createdAt.localeCompare(a.createdAt),
      oldest: (a: TaskListRow, b: TaskListRow) => a.createdAt.localeCompare(b.createdAt),
      cost: (a: TaskListRow, b: TaskListRow) => b.costUsd - a.costUsd,
      duration: (a: TaskListRow, b: TaskListRow) => b.timeMs - a.timeMs,
    }[state.sort as (typeof TASK_LIST_SORTS)[number]] ?? (() => 0);
  matching.sort((a, b) => compare(a.row, b.row) || a.index - b.index);
  const perPage = Math.max(1, state.perPage);
  const pages = Math.max(1, Math.ceil(matching.length / perPage));
  const page = Math.min(Math.max(1, state.page), pages);
  return {
    visible: matching.slice((page - 1) * perPage, page * perPage).map(({ index }) => index),
    matching: matching.length,
    page,
    pages,
  };
}
