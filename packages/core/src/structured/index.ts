export type { GeneratedJson, GenerateJsonOptions } from './generate-json.js';
export { generateJson, JSON_OBJECT_SCHEMA } from './generate-json.js';
export type { JsonSchema } from './schema-view.js';
export { strictSchemaProblem } from './strict-schema.js';
