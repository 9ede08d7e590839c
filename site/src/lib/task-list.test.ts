import { describe, expect, it } from "vitest";
import { type TaskListRow, viewTaskList } from "./task-list.js";

const row = (overrides: Partial<TaskListRow>): TaskListRow => ({
  status: "completed",
  source: "cli",
  text: "a task",
  createdAt: "2026-03-01T00:00:00.000Z",
  costUsd: 0,
  timeMs: 0,
  ...overrides,
});

const rows = [
  row({
    status: "completed",
    source: "cli",
    text: "parse csv",
    createdAt: "2026-03-01T00:00:00Z",
    costUsd: 0.2,
  }),
  row({
    status: "failed",
    source: "app",
    text: "reverse string",
    createdAt: "2026-03-03T00:00:00Z",
    costUsd: 0.5,
  }),
  row({
    status: "failed",
    source: "cli",
    text: "csv totals",
    createdAt: "2026-03-02T00:00:00Z",
    costUsd: 0.1,
  }),
];
const all = { status: "", source: "", text: "", sort: "newest", page: 1, perPage: 20 };

describe("viewTaskList", () => {
  it("filters by status, source and text", () => {
    expect(viewTaskList(rows, { ...all, status: "failed" }).visible).toEqual([1, 2]);
    expect(viewTaskList(rows, { ...all, status: "failed", source: "cli" }).visible).toEqual([2]);
    expect(viewTaskList(rows, { ...all, text: " CSV " }).visible).toEqual([2, 0]);
  });

  it("sorts newest, oldest, by cost", () => {
    expect(viewTaskList(rows, all).visible).toEqual([1, 2, 0]);
    expect(viewTaskList(rows, { ...all, sort: "oldest" }).visible).toEqual([0, 2, 1]);
    expect(viewTaskList(rows, { ...all, sort: "cost" }).visible).toEqual([1, 0, 2]);
  });

  it("pages, clamping a page past the end", () => {
    expect(viewTaskList(rows, { ...all, perPage: 2 })).toEqual({
      visible: [1, 2],
      matching: 3,
      page: 1,
      pages: 2,
    });
    expect(viewTaskList(rows, { ...all, perPage: 2, page: 9 })).toMatchObject({
      visible: [0],
      page: 2,
    });
    expect(viewTaskList([], all)).toEqual({ visible: [], matching: 0, page: 1, pages: 1 });
  });
});
