import { type Static, type TSchema, Type } from 'typebox';

/** Non-negative integer: token counts, indices, Unix seconds. */
export const Count = Type.Integer({ minimum: 0 });

/** OpenAI's nullable fields: the value's schema or null, as JSON Schema `anyOf`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ChatFinishReason = Type.Union([
  Type.Literal('stop'),
  Type.Literal('length'),
  Type.Literal('tool_calls'),
  Type.Literal('content_filter'),
  Type.Literal('function_call'),
]);
export type ChatFinishReason = Static<typeof ChatFinishReason>;

export const TextCompletionFinishReason = Type.Union([
  Type.Literal('stop'),
  Type.Literal('length'),
  Type.Literal('content_filter'),
]);
export type TextCompletionFinishReason = Static<typeof TextCompletionFinishReason>;

/** Identity shared by every object of one response (and every chunk of one stream). */
export interface ResponseIdentity {
  /** "chatcmpl-…" or "cmpl-…", see chatCompletionId / completionId. */
  id: string;
  /** Unix seconds, an integer. */
  created: number;
  model: string;
}

/** Chat responses also name the backend and the tier that served them. */
export interface ChatResponseIdentity extends ResponseIdentity {
  /** "fp_" + 10 hex, see systemFingerprint. Always a string: the spec types it so. */
  systemFingerprint: string;
  /** Echoed tier; "default" unless the caller asked for another. */
  serviceTier?: string | undefined;
}

export const DEFAULT_SERVICE_TIER = 'default';
