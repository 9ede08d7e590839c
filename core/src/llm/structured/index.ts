export {
  type GenerateObjectRequest,
  generateObject,
  type ObjectCall,
  type ObjectResult,
} from "./generate-object.js";
export { jsonInstructions, withJsonInstructions } from "./json-instructions.js";
export { isStrictCompatible, type JsonSchema, toJsonSchema } from "./json-schema.js";
export {
  type ParsedModelOutput,
  parseModelOutput,
  parseModelOutputOrThrow,
  summarizeIssues,
} from "./parse-model-output.js";
