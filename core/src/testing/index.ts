export { createTestStore, type TestStore } from "../store/create-test-store.js";
export { createFakeExecutor, type FakeExecution, type FakeExecutor } from "./fake-executor.js";
export {
  createFakeRepositoryRunner,
  type FakeRepositoryRun,
  type FakeRepositoryRunner,
} from "./fake-repository-runner.js";
export {
  createHttpMock,
  type HttpMock,
  type RecordedRequest,
  type UnmatchedRequest,
} from "./http-mock.js";
export {
  OPENAI_ORIGIN,
  openAICompletion,
  openAIError,
  openAIHeaders,
  openAIStream,
} from "./openai-wire.js";
export { passingRun } from "./passing-run.js";
export { requireCommand } from "./require-command.js";
export {
  REQUIRE_SERVICES_VARIABLE,
  requireService,
  type ServiceAvailability,
} from "./require-service.js";
export {
  createScriptedModel,
  requestText,
  type ScriptedModel,
  type ScriptedModelOptions,
  type ScriptedReply,
  type ScriptedRequest,
} from "./scripted-model.js";
