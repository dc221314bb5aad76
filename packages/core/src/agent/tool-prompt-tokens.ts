import type { EncodingName } from '../tokens/encodings.js';
import { countTextTokens } from '../tokens/text-tokens.js';

/** A function tool as its definition counts toward the prompt. */
export interface ToolPromptDefinition {
  name: string;
  description?: string | null | undefined;
  parameters?: unknown;
}

interface Overheads {
  functionInit: number;
  propertyInit: number;
  propertyKey: number;
  enumInit: number;
  enumItem: number;
  functionEnd: number;
}

/**
 * OpenAI's cookbook constants for how tool definitions count (measured there for gpt-4o and gpt-3.5/gpt-4;
 * OpenAI publishes none for newer models, which use the gpt-4o ones here). cl100k_base models start each
 * function with 10 tokens instead of 7.
 */
const O200K_OVERHEADS: Overheads = {
  functionInit: 7,
  propertyInit: 3,
  propertyKey: 3,
  enumInit: -3,
  enumItem: 3,
  functionEnd: 12,
};
const CL100K_OVERHEADS: Overheads = { ...O200K_OVERHEADS, functionInit: 10 };

function withoutTrailingPeriod(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * Prompt tokens the tool definitions add to a request, by the cookbook's formula: per function its name and
 * description, per top-level property its name, type and description, per enum value the value, plus fixed
 * overheads; 0 without tools.
 */
export function toolDefinitionTokens(tools: readonly ToolPromptDefinition[], encoding: EncodingName): number {
  if (tools.length === 0) return 0;
  const overheads = encoding === 'cl100k_base' ? CL100K_OVERHEADS : O200K_OVERHEADS;
  const count = (text: string): number => countTextTokens(text, encoding);
  let tokens = 0;
  for (const tool of tools) {
    tokens += overheads.functionInit;
    tokens += count(`${tool.name}:${withoutTrailingPeriod(tool.description ?? '')}`);
    const properties = asRecord(asRecord(tool.parameters)?.properties);
    if (properties === null || Object.keys(properties).length === 0) continue;
    tokens += overheads.propertyInit;
    for (const [key, value] of Object.entries(properties)) {
      const property = asRecord(value) ?? {};
      tokens += overheads.propertyKey;
      const type = typeof property.type === 'string' ? property.type : '';
      const description = typeof property.description === 'string' ? property.description : '';
      if (Array.isArray(property.enum)) {
        tokens += overheads.enumInit;
        for (const item of property.enum) tokens += overheads.enumItem + count(String(item));
      }
      tokens += count(`${key}:${type}:${withoutTrailingPeriod(description)}`);
    }
  }
  return tokens + overheads.functionEnd;
}
