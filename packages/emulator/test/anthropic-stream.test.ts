import { errorKind } from '@tokenpace/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messagesStream } from '../src/anthropic/messages-stream.js';
import type { MessagesPlan, PlannedBlock } from '../src/anthropic/plan-messages.js';
import { InjectedError } from '../src/faults/injected-error.js';

interface Frame {
  event: string;
  data: Record<string, unknown>;
}

function frames(text: string): Frame[] {
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      expect(eventLine?.startsWith('event: ')).toBe(true);
      expect(dataLine?.startsWith('data: ')).toBe(true);
      return {
        event: (eventLine as string).slice('event: '.length),
        data: JSON.parse((dataLine as string).slice('data: '.length)) as Record<string, unknown>,
      };
    });
}

function plan(blocks: PlannedBlock[]): MessagesPlan {
  const outputTokens = blocks.reduce((total, block) => total + block.pieces.length, 0);
  return {
    id: 'msg_01test',
    model: 'claude-test',
    inputTokens: 12,
    blocks,
    outputTokens,
    stopReason: blocks.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn',
    stopSequence: null,
    stream: true,
  };
}

const pieces = fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 6 });
const block: fc.Arbitrary<PlannedBlock> = fc.oneof(
  pieces.map((list) => ({ type: 'text' as const, pieces: list, text: list.join('') })),
  pieces.map((list) => ({ type: 'tool_use' as const, id: 'toolu_01x', name: 'f', pieces: list, input: {} })),
);

/** Everything a client receives: the opening, every step as it falls due, then the trailer. */
function wholeStream(answer: MessagesPlan): { text: string; steps: string[] } {
  const { opening, plan: streamPlan } = messagesStream(answer, 0, 10, 2);
  const steps = Array.from(streamPlan.offsetsMs, (_, step) => streamPlan.renderStep(step));
  return { text: opening + steps.join('') + streamPlan.renderTrailer(), steps };
}

describe('the Messages event sequence', () => {
  it('opens, fills and closes every block in order, one delta per token, as MessageStream requires', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 4 }), (blocks) => {
        const answer = plan(blocks);
        const { text, steps } = wholeStream(answer);
        const sequence = frames(text);
        expect(sequence[0]?.event).toBe('message_start');
        expect(sequence.at(-2)?.data).toEqual({
          type: 'message_delta',
          delta: { stop_reason: answer.stopReason, stop_sequence: null },
          usage: { output_tokens: answer.outputTokens },
        });
        expect(sequence.at(-1)?.event).toBe('message_stop');
        for (const frame of sequence) expect(frame.data.type).toBe(frame.event);
        // Replays the frames as the SDK does, checking that deltas address the open block.
        const content: string[] = [];
        let open = -1;
        for (const frame of sequence) {
          if (frame.event === 'content_block_start') {
            expect(frame.data.index).toBe(content.length);
            content.push('');
            open = frame.data.index as number;
          } else if (frame.event === 'content_block_delta') {
            expect(frame.data.index).toBe(open);
            const delta = frame.data.delta as { text?: string; partial_json?: string };
            content[open] += delta.text ?? delta.partial_json ?? '';
          } else if (frame.event === 'content_block_stop') {
            expect(frame.data.index).toBe(open);
            open = -1;
          }
        }
        expect(content).toEqual(blocks.map((each) => each.pieces.join('')));
        // Step i carries token i: exactly one delta each.
        const tokenSteps = steps.slice(0, answer.outputTokens);
        for (const step of tokenSteps)
          expect(frames(step).filter((frame) => frame.event === 'content_block_delta')).toHaveLength(1);
        expect(steps).toHaveLength(Math.max(1, answer.outputTokens));
      }),
    );
  });

  it("renders a mid-stream error as Anthropic's error event, and trims the trailer for faults", () => {
    const answer = plan([{ type: 'text', pieces: ['Hi', ' there'], text: 'Hi there' }]);
    const { plan: streamPlan } = messagesStream(answer, 0, 10, 2);
    const error = new InjectedError(errorKind('overloaded_error'), {
      model: 'claude-test',
      requestId: 'req_1',
      retryAfterMs: 1000,
      apiKey: null,
    });
    expect(streamPlan.renderError?.(error)).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    const trimmed = frames(streamPlan.renderTrimmedTrailer?.(true, true) ?? '');
    expect(trimmed.map((frame) => frame.event)).toEqual(['content_block_stop', 'message_delta']);
    expect(trimmed[1]?.data.usage).toBeUndefined();
  });
});
