import { MAX_CHOICES } from '@tokenpace/core';
import Type, { type TSchema } from 'typebox';

/** A field the caller may omit or send as null, as OpenAI's spec declares most optional fields. */
export const OptionalNullable = <Schema extends TSchema>(schema: Schema) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

/** Up to four stop sequences, or one. */
export const Stop = Type.Optional(
  Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 4 }), Type.Null()]),
);

export const StreamOptions = OptionalNullable(
  Type.Object({
    include_usage: OptionalNullable(Type.Boolean()),
  }),
);

export const ChoiceCount = OptionalNullable(Type.Integer({ minimum: 1, maximum: MAX_CHOICES }));

export const Seed = OptionalNullable(Type.Integer());

/** Text, a list of texts, a token array or a list of token arrays: the forms of `prompt` and `input`. */
export const PromptInput = Type.Union([
  Type.String(),
  Type.Array(Type.String(), { minItems: 1 }),
  Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1 }),
  Type.Array(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1 }), { minItems: 1 }),
]);
