import { type Static, Type } from 'typebox';
import { Nullable } from './common.js';

/** OpenAI's error envelope: all four keys always present, `param` and `code` possibly null. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        message: Type.String(),
        type: Type.String(),
        param: Nullable(Type.String()),
        code: Nullable(Type.String()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ErrorBody = Static<typeof ErrorBody>;

export interface ErrorBodyInput {
  message: string;
  /** e.g. "invalid_request_error", "server_error", "requests", "tokens". */
  type: string;
  param?: string | null | undefined;
  code?: string | null | undefined;
}

export function errorBody(input: ErrorBodyInput): ErrorBody {
  return {
    error: { message: input.message, type: input.type, param: input.param ?? null, code: input.code ?? null },
  };
}
