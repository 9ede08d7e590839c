/** The default branch template. */
export const DEFAULT_BRANCH_TEMPLATE = "codeforge/issue-{number}-{slug}";

/** What a branch template may use. */
export interface BranchNameValues {
  number: number;
  /** The task or issue title; made into a slug. */
  title: string;
}

/**
 * A branch name from a template with `{number}` and `{slug}` (the title in lower case, words
 * joined by `-`, at most 40 characters), made safe for a git ref.
 *
 * @example
 * branchName("codeforge/issue-{number}-{slug}", { number: 7, title: "Parse dates!" })
 * // "codeforge/issue-7-parse-dates"
 */
export function branchName(template: string, values: BranchNameValues): string {
  const slug =
    values.title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || "task";
  const name = template.replaceAll("{number}", String(values.number)).replaceAll("{slug}", slug);
  return name
    .replace(/[\s~^:?*[\\\]]+/g, "-")
    .replace(/\.\.+/g, ".")
    .replace(/\/+/g, "/")
    .replace(/^[/.-]+|[/.]+$/g, "")
    .replace(/\.lock$/, "");
}
