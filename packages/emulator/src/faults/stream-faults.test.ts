import { parseFaults } from '@tokenpace/core';
import { describe, expect, it } from 'vitest';
import { SSE_DONE } from '../delivery/sse.js';
import type { StreamPlan } from '../delivery/token-stream.js';
import { applyStreamFaults, streamFaultEffect } from './stream-faults.js';

const USAGE_EVENT = 'data: {"usage":1}\n\n';

/** Five steps, 100 ms then 10 ms apart, each rendering its index; a trailer of usage then [DONE]. */
const plan: StreamPlan = {
  startMs: 1000,
  offsetsMs: Float64Array.from([100, 110, 120, 130, 140]),
  renderStep: (step) => `<${step}>`,
  renderTrailer: () => USAGE_EVENT + SSE_DONE,
};

function faulted(text: string) {
  const shaped = applyStreamFaults(
    plan,
    streamFaultEffect(parseFaults(text, 'X-Fault', 60_000)),
    (fault) => `!${fault.error.id}!`,
  );
  return {
    offsetsMs: [...shaped.offsetsMs],
    steps: [...shaped.offsetsMs].map((_, step) => shaped.renderStep(step)).join(''),
    trailer: shaped.renderTrailer(),
    end: shaped.end ?? 'completed',
  };
}

describe('applyStreamFaults', () => {
  it('leaves a plan without effect as it was', () => {
    expect(faulted('none')).toEqual({
      offsetsMs: [100, 110, 120, 130, 140],
      steps: '<0><1><2><3><4>',
      trailer: USAGE_EVENT + SSE_DONE,
      end: 'completed',
    });
  });

  it('moves the steps after a stall, and only those, by its delay; stalls add up', () => {
    expect(faulted('stall(after=2,ms=1000)').offsetsMs).toEqual([100, 110, 1120, 1130, 1140]);
    expect(faulted('stall(ms=5), stall(after=4,ms=50)').offsetsMs).toEqual([105, 115, 125, 135, 195]);
    expect(faulted('stall(after=5,ms=1000)').offsetsMs).toEqual([100, 110, 120, 130, 140]);
  });

  it('keeps N steps before a disconnect, with no trailer and a cut connection', () => {
    expect(faulted('disconnect(after=2)')).toEqual({
      offsetsMs: [100, 110],
      steps: '<0><1>',
      trailer: '',
      end: 'destroyed',
    });
    expect(faulted('disconnect(after=0)')).toMatchObject({ offsetsMs: [], trailer: '', end: 'destroyed' });
    expect(faulted('disconnect(after=9)')).toMatchObject({
      steps: '<0><1><2><3><4>',
      trailer: '',
      end: 'destroyed',
    });
  });

  it('replaces the rest with the error event, which ends the stream properly', () => {
    expect(faulted('error(after=3,status=503)')).toEqual({
      offsetsMs: [100, 110, 120],
      steps: '<0><1><2>',
      trailer: '!overloaded!',
      end: 'interrupted',
    });
  });

  it('takes the first stop listed, and stalls still apply before it', () => {
    expect(faulted('stall(after=1,ms=7), error(after=2), disconnect(after=1)')).toEqual({
      offsetsMs: [100, 117],
      steps: '<0><1>',
      trailer: '!server_error!',
      end: 'interrupted',
    });
  });

  it('leaves [DONE] or the usage event out of the trailer', () => {
    expect(faulted('no-done').trailer).toBe(USAGE_EVENT);
    expect(faulted('no-usage').trailer).toBe(SSE_DONE);
    expect(faulted('no-usage, no-done').trailer).toBe('');
  });
});
