export { type NodeCheckRunnerOptions, nodeCheckRunner } from "./node-check-runner.js";
export { type PythonCheckRunnerOptions, pythonCheckRunner } from "./python-check-runner.js";
