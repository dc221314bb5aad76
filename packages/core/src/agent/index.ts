export type { PlannedToolCall, ToolCallPlanInput, ToolDefinition } from './plan-tool-calls.js';
export { planToolCalls, splitTokens } from './plan-tool-calls.js';
export type { ToolCallDecisionInput, ToolCallOverride, ToolChoice } from './tool-choice.js';
export {
  decideToolCalls,
  MAX_PARALLEL_TOOL_CALLS,
  parseToolCallOverride,
  unknownOverrideTools,
} from './tool-choice.js';
export type { ToolPromptDefinition } from './tool-prompt-tokens.js';
export { toolDefinitionTokens } from './tool-prompt-tokens.js';
