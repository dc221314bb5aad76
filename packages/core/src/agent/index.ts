export type { ToolCallDecisionInput, ToolCallOverride, ToolChoice } from './tool-choice.js';
export {
  decideToolCalls,
  MAX_PARALLEL_TOOL_CALLS,
  parseToolCallOverride,
  unknownOverrideTools,
} from './tool-choice.js';
export type { ToolPromptDefinition } from './tool-prompt-tokens.js';
export { toolDefinitionTokens } from './tool-prompt-tokens.js';
