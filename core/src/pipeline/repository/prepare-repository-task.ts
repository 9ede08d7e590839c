import type { Config } from "../../config/index.js";
import { UsageError } from "../../errors/index.js";
import { buildRepoMap, detectTestCommand, type WorkspaceSnapshot } from "../../workspace/index.js";
import type { RepositoryTaskInput } from "./repository-task.js";

/** What {@link prepareRepositoryTask} needs besides the snapshot. */
export interface PrepareRepositoryTaskOptions {
  /** The task's words: they rank the repo map. */
  prompt: string;
  config: Readonly<Pick<Config, "repository">>;
  baseCommit?: string | null;
  /** Names the repository in the error when no test command is found (a path or owner/name). */
  name?: string;
}

/**
 * Turns a snapshot into a repository task: the test command (configured, else detected),
 * the setup command (`repository.setup`, when set) and the repo map within
 * `repository.mapTokens`. Every surface (CLI, App, Action) starts a
 * repository task this way. A repository whose tests cannot be found is a clear error.
 *
 * @example
 * const repository = prepareRepositoryTask(snapshot, { prompt, config, baseCommit });
 * await runTask({ ...deps, repositoryRunner }, { prompt, repository });
 */
export function prepareRepositoryTask(
  snapshot: WorkspaceSnapshot,
  options: PrepareRepositoryTaskOptions,
): RepositoryTaskInput {
  const { repository } = options.config;
  const testCommand = detectTestCommand(snapshot, repository.testCommand);
  if (!testCommand) {
    throw new UsageError(
      `No test command found for ${options.name ?? "the repository"}: it has no pytest configuration, Python tests, package.json test script or Node test files. Set repository.testCommand (CODEFORGE_REPOSITORY_TEST_COMMAND, or testCommand under repository: in .github/codeforge.yml).`,
    );
  }
  const map = buildRepoMap(snapshot, { task: options.prompt, maxTokens: repository.mapTokens });
  return {
    snapshot,
    testCommand,
    map: map.text,
    baseCommit: options.baseCommit ?? null,
    ...(repository.setup === undefined ? {} : { setup: repository.setup }),
    paths: { allowWorkflowChanges: repository.allowWorkflowChanges },
  };
}
