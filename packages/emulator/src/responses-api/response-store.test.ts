import { messageItem, type ResponseEcho, responseIds, responseObject } from '@tokenpace/core';
import { describe, expect, it } from 'vitest';
import { ResponseLookup } from './response-lookup.js';
import { ResponseStore, type StoredResponse } from './response-store.js';

const ECHO = {
  model: 'gpt-4o',
  instructions: null,
  maxOutputTokens: null,
  maxToolCalls: null,
  parallelToolCalls: true,
  previousResponseId: null,
  store: true,
  temperature: 1,
  topP: 1,
  topLogprobs: 0,
  text: { format: { type: 'text' }, verbosity: 'medium' },
  toolChoice: 'auto',
  tools: [],
  metadata: {},
  reasoning: { effort: null, summary: null },
  truncation: 'disabled',
  user: null,
  promptCacheKey: null,
  safetyIdentifier: null,
  background: false,
} satisfies ResponseEcho;

function entry(suffixDigit: string, text: string): StoredResponse {
  const ids = responseIds(suffixDigit.repeat(48));
  const final = responseObject(
    {
      id: ids.response,
      createdAt: 1,
      status: 'completed',
      completedAt: 2,
      output: [messageItem(ids.item('msg', 0), 'completed', text)],
      usage: null,
    },
    ECHO,
  );
  return {
    final,
    inProgress: final,
    endsAtEpochMs: 0,
    inputTokens: 1,
    outputTokens: 1,
    callIds: [],
    outputChars: text.length,
  };
}

describe('ResponseStore', () => {
  it('drops the oldest responses past its count', () => {
    const store = new ResponseStore(2, 1_000);
    for (const digit of ['a', 'b', 'c']) store.put(entry(digit, 'x'));
    expect(store.size).toBe(2);
    expect(store.get(`resp_${'a'.repeat(48)}`)).toBeUndefined();
    expect(store.get(`resp_${'c'.repeat(48)}`)?.final.output).toHaveLength(1);
  });

  it('drops the oldest responses past its characters, but keeps the newest even when alone too large', () => {
    const store = new ResponseStore(10, 5);
    store.put(entry('a', 'abc'));
    store.put(entry('b', 'def'));
    expect(store.size).toBe(1);
    store.put(entry('c', 'much too long'));
    expect(store.size).toBe(1);
    expect(store.get(`resp_${'c'.repeat(48)}`)).toBeDefined();
  });

  it("finds referenced items by their ids, which end in their response's suffix", async () => {
    const lookup = new ResponseLookup(new ResponseStore(), false);
    lookup.put(entry('d', 'hello'));
    const known = `msg_${'d'.repeat(48)}00`;
    const input = [
      { type: 'item_reference', id: known },
      { type: 'item_reference', id: `msg_${'e'.repeat(48)}00` },
      { type: 'item_reference', id: 'rs_other' },
      { type: 'message', id: known },
    ];
    expect([...(await lookup.referencedItems(input)).entries()]).toEqual([
      [known, expect.objectContaining({ type: 'message', id: known })],
    ]);
    expect(await lookup.delete(`resp_${'d'.repeat(48)}`)).toBe(true);
    expect(await lookup.delete(`resp_${'d'.repeat(48)}`)).toBe(false);
    expect((await lookup.referencedItems(input)).size).toBe(0);
  });
});
