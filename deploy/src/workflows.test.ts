import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPOSITORY_ROOT, repositoryFile } from "./repository-file.js";
import { WorkflowSchema } from "./workflow-schema.js";

/** The workflows this part of the repository owns (action/ has its own). */
const WORKFLOWS = ["ci.yml", "benchmark-weekly.yml", "site.yml"] as const;

const actionlint = spawnSync("actionlint", ["-version"], { encoding: "utf8" });
const hasActionlint = actionlint.error === undefined && actionlint.status === 0;

describe.each(WORKFLOWS)(".github/workflows/%s", (file) => {
  const text = repositoryFile(`.github/workflows/${file}`);

  it.skipIf(!hasActionlint)("passes actionlint (when installed)", () => {
    const result = spawnSync("actionlint", ["-no-color", `.github/workflows/${file}`], {
      cwd: REPOSITORY_ROOT,
      encoding: "utf8",
    });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("matches the workflow schema", () => {
    const result = WorkflowSchema.safeParse(parse(text));

    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("grants only read access at the top", () => {
    const workflow = parse(text) as { permissions: Record<string, string> };

    expect(workflow.permissions).toEqual({ contents: "read" });
  });
});

describe("the workflows", () => {
  it("are the ones listed here (a new workflow gets the same checks)", () => {
    const found = readdirSync(path.join(REPOSITORY_ROOT, ".github/workflows"));

    expect(found).toEqual(expect.arrayContaining([...WORKFLOWS]));
  });

  it("run the Action's benchmark mode as a matrix and store merged runs with DATABASE_URL", () => {
    const workflow = parse(repositoryFile(".github/workflows/benchmark-weekly.yml")) as {
      jobs: Record<
        string,
        {
          strategy?: { matrix: Record<string, unknown[]> };
          steps: {
            uses?: string;
            with?: Record<string, unknown>;
            env?: Record<string, string>;
            run?: string;
          }[];
        }
      >;
    };
    const shard = workflow.jobs.shard;
    const action = shard?.steps.find((step) => step.uses === "./action");
    expect(action?.with?.mode).toBe("benchmark");
    expect(shard?.strategy?.matrix.benchmark).toEqual(["humaneval", "mbpp", "custom"]);
    const store = workflow.jobs.store?.steps.find((step) => step.run?.includes("bench merge"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
    expect(store?.env?.DATABASE_URL).toBe("${{ secrets.DATABASE_URL }}");
    expect(store?.run).toContain("--store");
  });

  it("publish the site from an export of the store to GitHub Pages", () => {
    const workflow = parse(repositoryFile(".github/workflows/site.yml")) as {
      jobs: Record<
        string,
        { permissions?: Record<string, string>; steps: { uses?: string; run?: string }[] }
      >;
    };
    const build = workflow.jobs.build?.steps ?? [];
    expect(build.some((step) => step.run?.includes("codeforge export --out"))).toBe(true);
    expect(build.some((step) => step.run === "npm run site:build")).toBe(true);
    expect(build.some((step) => step.uses?.startsWith("actions/upload-pages-artifact@"))).toBe(
      true,
    );
    expect(workflow.jobs.deploy?.permissions).toEqual({ pages: "write", "id-token": "write" });
  });
});
