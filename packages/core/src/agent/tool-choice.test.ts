import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimingParseError } from '../timing/timing-parse-error.js';
import {
  decideToolCalls,
  parseToolCallOverride,
  type ToolCallDecisionInput,
  unknownOverrideTools,
} from './tool-choice.js';

const TOOLS = ['get_weather', 'search', 'lookup'];

function decide(overrides: Partial<ToolCallDecisionInput>): string[] {
  return decideToolCalls({
    toolNames: TOOLS,
    choice: { mode: 'auto' },
    lastInputFromUser: true,
    parallel: true,
    override: null,
    ...overrides,
  });
}

describe('parseToolCallOverride', () => {
  it('reads text, auto, a count and tool names', () => {
    expect(parseToolCallOverride('text')).toEqual({ kind: 'text' });
    expect(parseToolCallOverride(' auto ')).toEqual({ kind: 'auto' });
    expect(parseToolCallOverride('3')).toEqual({ kind: 'count', count: 3 });
    expect(parseToolCallOverride('search, lookup')).toEqual({ kind: 'names', names: ['search', 'lookup'] });
  });

  it('names the header in its error', () => {
    expect(() => parseToolCallOverride('0')).toThrow(
      "Invalid x-tool-call header: '0' must be between 1 and 128 calls.",
    );
    expect(() => parseToolCallOverride('a b')).toThrow(TimingParseError);
    expect(() => parseToolCallOverride('', 'tool_call')).toThrow("Invalid tool_call: ''");
  });
});

describe('decideToolCalls', () => {
  it('calls the first tool when the user spoke last, and answers in text after tool results', () => {
    expect(decide({})).toEqual(['get_weather']);
    expect(decide({ lastInputFromUser: false })).toEqual([]);
  });

  it('never calls with none or without tools; always calls with required or a named tool', () => {
    expect(decide({ choice: { mode: 'none' } })).toEqual([]);
    expect(decide({ toolNames: [] })).toEqual([]);
    expect(decide({ choice: { mode: 'required' }, lastInputFromUser: false })).toEqual(['get_weather']);
    expect(decide({ choice: { mode: 'named', name: 'lookup' }, override: { kind: 'text' } })).toEqual([
      'lookup',
    ]);
  });

  it('follows an override: text, names, a count cycling over the tools', () => {
    expect(decide({ override: { kind: 'text' } })).toEqual([]);
    expect(decide({ override: { kind: 'text' }, choice: { mode: 'required' } })).toEqual(['get_weather']);
    expect(decide({ override: { kind: 'names', names: ['search', 'lookup'] } })).toEqual([
      'search',
      'lookup',
    ]);
    expect(decide({ override: { kind: 'count', count: 4 } })).toEqual([
      'get_weather',
      'search',
      'lookup',
      'get_weather',
    ]);
    expect(decide({ override: { kind: 'auto' }, lastInputFromUser: false })).toEqual([]);
  });

  it('makes one call at most without parallel calls', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 128 }), fc.boolean(), (count, fromUser) => {
        const names = decide({
          override: { kind: 'count', count },
          parallel: false,
          lastInputFromUser: fromUser,
        });
        expect(names).toEqual(['get_weather']);
      }),
    );
  });

  it('lists the override names the request does not declare', () => {
    expect(unknownOverrideTools({ kind: 'names', names: ['search', 'nope'] }, TOOLS)).toEqual(['nope']);
    expect(unknownOverrideTools({ kind: 'count', count: 2 }, TOOLS)).toEqual([]);
  });
});
