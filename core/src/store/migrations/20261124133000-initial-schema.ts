import { type Kysely, sql } from "kysely";

// Frozen in time: this migration imports nothing from the application and never changes
// once released. A later change to the schema is a new migration.

/** Creates the five tables of the store with their indexes and cascading foreign keys. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen against no schema type (STYLE.md)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tasks")
    .addColumn("id", "uuid", (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("prompt", "text", (column) => column.notNull())
    .addColumn("status", "text", (column) =>
      column
        .notNull()
        .defaultTo("pending")
        .check(
          sql`status in ('pending', 'classifying', 'planning', 'coding', 'executing', 'reviewing', 'repairing', 'completed', 'failed')`,
        ),
    )
    .addColumn("complexity", "text", (column) =>
      column.check(sql`complexity in ('simple', 'medium', 'hard')`),
    )
    .addColumn("language", "text")
    .addColumn("model_used", "text")
    .addColumn("plan", "jsonb")
    .addColumn("final_code", "text")
    .addColumn("final_tests", "text")
    .addColumn("final_output", "text")
    .addColumn("total_cost_usd", sql`numeric(14, 6)`, (column) => column.notNull().defaultTo(0))
    .addColumn("total_tokens", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("total_time_ms", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("retry_count", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("error_message", "text")
    .addColumn("source", "text", (column) =>
      column.notNull().defaultTo("cli").check(sql`source in ('cli', 'app', 'action', 'benchmark')`),
    )
    .addColumn("repo", "text")
    .addColumn("issue_number", "integer")
    .addColumn("pr_number", "integer")
    .addColumn("pr_url", "text")
    .addColumn("created_at", "timestamptz", (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn("completed_at", "timestamptz")
    .execute();
  await db.schema.createIndex("tasks_status_idx").on("tasks").column("status").execute();
  await db.schema.createIndex("tasks_created_at_idx").on("tasks").column("created_at").execute();
  await db.schema.createIndex("tasks_source_idx").on("tasks").column("source").execute();

  await db.schema
    .createTable("agent_traces")
    .addColumn("id", "integer", (column) => column.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("task_id", "uuid", (column) =>
      column.notNull().references("tasks.id").onDelete("cascade"),
    )
    .addColumn("agent", "text", (column) => column.notNull())
    .addColumn("step_order", "integer", (column) => column.notNull())
    .addColumn("input", "jsonb")
    .addColumn("output", "jsonb")
    .addColumn("reasoning", "text")
    .addColumn("input_tokens", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("output_tokens", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("cost_usd", sql`numeric(14, 6)`, (column) => column.notNull().defaultTo(0))
    .addColumn("duration_ms", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("model", "text")
    .addColumn("created_at", "timestamptz", (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("agent_traces_task_id_step_order_idx")
    .on("agent_traces")
    .columns(["task_id", "step_order"])
    .execute();
  await db.schema
    .createIndex("agent_traces_created_at_idx")
    .on("agent_traces")
    .column("created_at")
    .execute();

  await db.schema
    .createTable("execution_results")
    .addColumn("id", "integer", (column) => column.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("task_id", "uuid", (column) =>
      column.notNull().references("tasks.id").onDelete("cascade"),
    )
    .addColumn("attempt", "integer", (column) => column.notNull())
    .addColumn("code", "text")
    .addColumn("tests", "text")
    .addColumn("exit_code", "integer")
    .addColumn("stdout", "text", (column) => column.notNull().defaultTo(""))
    .addColumn("stderr", "text", (column) => column.notNull().defaultTo(""))
    .addColumn("timed_out", "boolean", (column) => column.notNull().defaultTo(false))
    .addColumn("oom_killed", "boolean", (column) => column.notNull().defaultTo(false))
    .addColumn("truncated", "boolean", (column) => column.notNull().defaultTo(false))
    .addColumn("blocked", "boolean", (column) => column.notNull().defaultTo(false))
    .addColumn("duration_ms", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("execution_results_task_id_attempt_idx")
    .on("execution_results")
    .columns(["task_id", "attempt"])
    .execute();

  await db.schema
    .createTable("benchmark_runs")
    .addColumn("id", "uuid", (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("type", "text", (column) => column.notNull())
    .addColumn("dataset", "text", (column) => column.notNull())
    .addColumn("dataset_checksum", "text")
    .addColumn("model_config", "jsonb", (column) => column.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("settings", "jsonb", (column) => column.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("temperature", "double precision")
    .addColumn("repair_enabled", "boolean", (column) => column.notNull().defaultTo(true))
    .addColumn("max_retries", "integer", (column) => column.notNull())
    .addColumn("codeforge_version", "text", (column) => column.notNull())
    .addColumn("git_commit", "text")
    .addColumn("command_line", "text")
    .addColumn("status", "text", (column) =>
      column
        .notNull()
        .defaultTo("running")
        .check(sql`status in ('running', 'completed', 'interrupted')`),
    )
    .addColumn("stop_reason", "text")
    .addColumn("total", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("passed", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("passed_after_repair", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("pass_at_1", "double precision")
    .addColumn("pass_at_1_repair", "double precision")
    .addColumn("avg_retries", "double precision")
    .addColumn("total_cost_usd", sql`numeric(14, 6)`, (column) => column.notNull().defaultTo(0))
    .addColumn("total_time_ms", "bigint", (column) => column.notNull().defaultTo(0))
    .addColumn("started_at", "timestamptz", (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("benchmark_runs_status_idx")
    .on("benchmark_runs")
    .column("status")
    .execute();
  await db.schema
    .createIndex("benchmark_runs_type_started_at_idx")
    .on("benchmark_runs")
    .columns(["type", "started_at"])
    .execute();

  await db.schema
    .createTable("benchmark_results")
    .addColumn("id", "integer", (column) => column.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("run_id", "uuid", (column) =>
      column.notNull().references("benchmark_runs.id").onDelete("cascade"),
    )
    .addColumn("problem_id", "text", (column) => column.notNull())
    .addColumn("task_id", "uuid", (column) => column.references("tasks.id").onDelete("set null"))
    .addColumn("passed", "boolean", (column) => column.notNull())
    .addColumn("passed_after_repair", "boolean", (column) => column.notNull())
    .addColumn("retries", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("first_code", "text")
    .addColumn("final_code", "text")
    .addColumn("error", "text")
    .addColumn("cost_usd", sql`numeric(14, 6)`, (column) => column.notNull().defaultTo(0))
    .addColumn("tokens", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("time_ms", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (column) => column.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("benchmark_results_run_id_problem_id_key", ["run_id", "problem_id"])
    .execute();
  await db.schema
    .createIndex("benchmark_results_task_id_idx")
    .on("benchmark_results")
    .column("task_id")
    .execute();
}

/** Drops the five tables, children first. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen against no schema type (STYLE.md)
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("benchmark_results").ifExists().execute();
  await db.schema.dropTable("benchmark_runs").ifExists().execute();
  await db.schema.dropTable("execution_results").ifExists().execute();
  await db.schema.dropTable("agent_traces").ifExists().execute();
  await db.schema.dropTable("tasks").ifExists().execute();
}
