import { type ErrorKind, FaultParseError, parseErrorKind } from '@tokenpace/core';

const TRIGGER = /^\[([a-z0-9_]+)\]$/i;

/**
 * The error a message asks for by being exactly `[429]` (or any X-Error value in brackets: `[503]`,
 * `[insufficient_quota]`); null for any other text, including brackets around something else.
 */
export function triggeredErrorKind(message: string | null): ErrorKind | null {
  if (message === null || message.length > 40) return null;
  const match = TRIGGER.exec(message);
  if (match === null) return null;
  try {
    return parseErrorKind(match[1] as string, 'message');
  } catch (error) {
    if (error instanceof FaultParseError) return null;
    throw error;
  }
}
