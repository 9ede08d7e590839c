import type { Database } from "@codeforge/core";
import { type Kysely, sql } from "kysely";

/** What a repository spent on tasks since a moment, from the store. */
export type RepositorySpend = (repo: string, since: Date) => Promise<number>;

/**
 * Sums the recorded cost of the repository's tasks created since `since` (the day's start, for
 * the operator's per-repository daily cap).
 */
export function createRepositorySpend(db: Kysely<Database>): RepositorySpend {
  return async (repo, since) => {
    const row = await db
      .selectFrom("tasks")
      .select(sql<string>`coalesce(sum(total_cost_usd), 0)`.as("spent"))
      .where("repo", "=", repo)
      .where("createdAt", ">=", since)
      .executeTakeFirst();
    return Number(row?.spent ?? 0);
  };
}

/** The start of the UTC day of `now`. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
