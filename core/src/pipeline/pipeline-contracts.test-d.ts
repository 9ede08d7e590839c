import { describe, expectTypeOf, it } from "vitest";
import type { Router } from "../llm/routing/index.js";
import type { TaskRepository } from "../store/index.js";
import type { PipelineTaskStore } from "./pipeline-store.js";
import type { ModelRouter } from "./run-task-deps.js";

describe("the pipeline's contracts", () => {
  it("takes the store's task repository as it is", () => {
    expectTypeOf<TaskRepository>().toExtend<PipelineTaskStore>();
  });

  it("takes the routing layer's router as it is", () => {
    expectTypeOf<Router>().toExtend<ModelRouter>();
  });
});
