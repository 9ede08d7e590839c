import { z } from "zod";

const expression = /\$\{\{[^}]*\}\}/g;

/** A step: exactly one of `uses` (an action, pinned to a version unless local) or `run`. */
const StepSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z_][\w-]*$/)
      .optional(),
    name: z.string().optional(),
    if: z.union([z.string(), z.boolean()]).optional(),
    uses: z
      .string()
      .regex(
        /^(\.\/[\w./-]+|[\w.-]+\/[\w./-]+@[\w.-]+|docker:\/\/.+)$/,
        "pin the action to a version: owner/repo@v1",
      )
      .optional(),
    run: z.string().optional(),
    shell: z.string().optional(),
    with: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    "working-directory": z.string().optional(),
    "continue-on-error": z.union([z.boolean(), z.string()]).optional(),
    "timeout-minutes": z.union([z.number(), z.string()]).optional(),
  })
  .strict()
  .refine((step) => (step.uses === undefined) !== (step.run === undefined), {
    message: "a step has either uses or run",
  })
  .refine(
    (step) =>
      !step.run?.match(expression)?.some((found) => /secrets\.|github\.event\./.test(found)),
    {
      message: "pass secrets and event fields to run through env, never inline (script injection)",
    },
  );

const PermissionSchema = z.enum(["read", "write", "none"]);

/** A job running steps on a runner. */
const JobSchema = z
  .object({
    name: z.string().optional(),
    needs: z.union([z.string(), z.array(z.string())]).optional(),
    if: z.union([z.string(), z.boolean()]).optional(),
    "runs-on": z.union([z.string(), z.array(z.string())]),
    "timeout-minutes": z.number().int().positive(),
    permissions: z.record(z.string(), PermissionSchema).optional(),
    environment: z
      .union([z.string(), z.object({ name: z.string(), url: z.string().optional() })])
      .optional(),
    strategy: z
      .object({
        "fail-fast": z.boolean().optional(),
        "max-parallel": z.number().optional(),
        matrix: z.record(z.string(), z.unknown()),
      })
      .optional(),
    services: z.record(z.string(), z.unknown()).optional(),
    env: z.record(z.string(), z.unknown()).optional(),
    outputs: z.record(z.string(), z.string()).optional(),
    concurrency: z.unknown().optional(),
    steps: z.array(StepSchema).min(1),
  })
  .strict();

/**
 * The part of GitHub's workflow syntax this repository's workflows use, checked strictly
 * (an unknown key is an error), with the rules actionlint would apply that matter most here:
 * pinned actions, a time limit on every job, least-privilege permissions, no inline secrets
 * in scripts, `needs` naming existing jobs.
 */
export const WorkflowSchema = z
  .object({
    name: z.string(),
    on: z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())]),
    permissions: z.record(z.string(), PermissionSchema),
    concurrency: z.unknown().optional(),
    env: z.record(z.string(), z.unknown()).optional(),
    jobs: z.record(z.string().regex(/^[A-Za-z_][\w-]*$/), JobSchema),
  })
  .strict()
  .superRefine((workflow, context) => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const needs = job.needs === undefined ? [] : [job.needs].flat();
      for (const need of needs) {
        if (!(need in workflow.jobs)) {
          context.addIssue({
            code: "custom",
            path: ["jobs", name, "needs"],
            message: `no job ${need}`,
          });
        }
      }
    }
  });
