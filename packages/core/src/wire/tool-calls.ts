import { type Static, Type } from 'typebox';
import { Count } from './common.js';

export const ChatToolCall = Type.Object(
  {
    id: Type.String(),
    type: Type.Literal('function'),
    function: Type.Object({ name: Type.String(), arguments: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type ChatToolCall = Static<typeof ChatToolCall>;

/** A tool call as streamed: the first delta carries id, type and name, later ones argument text. */
export const ChatToolCallDelta = Type.Object(
  {
    index: Count,
    id: Type.Optional(Type.String()),
    type: Type.Optional(Type.Literal('function')),
    function: Type.Optional(
      Type.Object(
        { name: Type.Optional(Type.String()), arguments: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ChatToolCallDelta = Static<typeof ChatToolCallDelta>;
