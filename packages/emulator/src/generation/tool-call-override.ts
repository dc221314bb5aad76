import type { IncomingHttpHeaders } from 'node:http';
import {
  HEADER_TOOL_CALL,
  parseToolCallOverride,
  type ToolCallOverride,
  type ToolDefinition,
  unknownOverrideTools,
} from '@tokenpace/core';
import { InvalidParameterError } from '../errors/catalogue.js';

/**
 * The request's `X-Tool-Call` override, else its scripted rule's, or null. An invalid value is the core parse error (a 400 naming the
 * header); a tool the request does not declare is a 400 too, rather than a call the client cannot run.
 */
export function readToolCallOverride(
  headers: IncomingHttpHeaders,
  tools: readonly ToolDefinition[],
  ruleOverride: ToolCallOverride | null = null,
): ToolCallOverride | null {
  const value = headers[HEADER_TOOL_CALL];
  if (value === undefined && ruleOverride === null) return null;
  const override =
    value === undefined
      ? ruleOverride
      : parseToolCallOverride(Array.isArray(value) ? value.join(',') : value);
  const unknown = unknownOverrideTools(
    override,
    tools.map((tool) => tool.name),
  );
  if (unknown.length > 0) {
    throw new InvalidParameterError({
      message: `Invalid ${HEADER_TOOL_CALL} header: '${unknown[0]}' is not one of the request's tools.`,
      param: HEADER_TOOL_CALL,
      code: 'invalid_value',
    });
  }
  return override;
}
