import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { asyncStageHook, REQUEST_STAGES, RequestPipeline } from './request-pipeline.js';

const request = {} as FastifyRequest;
const reply = {} as FastifyReply;

function runToEnd(pipeline: RequestPipeline): Promise<Error | undefined> {
  return new Promise((resolve) => pipeline.run(request, reply, resolve));
}

describe('RequestPipeline', () => {
  it('runs hooks in the declared stage order, whatever order they were added in', async () => {
    const pipeline = new RequestPipeline();
    const ran: string[] = [];
    for (const stage of [...REQUEST_STAGES].reverse()) {
      pipeline.add(stage, (_request, _reply, done) => {
        ran.push(stage);
        done();
      });
    }
    pipeline.add('limit', (_request, _reply, done) => {
      ran.push('limit (second)');
      done();
    });
    expect(await runToEnd(pipeline)).toBeUndefined();
    expect(ran).toEqual([
      'resolve-timing',
      'apply-rules',
      'limit',
      'limit (second)',
      'rate-limit',
      'choose-faults',
      'observe',
    ]);
    expect(pipeline.activeStages).toEqual([...REQUEST_STAGES]);
  });

  it('stops at the first error, async hooks included', async () => {
    const pipeline = new RequestPipeline();
    const ran: string[] = [];
    const failure = new Error('limited');
    pipeline.add('observe', (_request, _reply, done) => {
      ran.push('observe');
      done();
    });
    pipeline.add(
      'limit',
      asyncStageHook(async () => {
        ran.push('limit');
        throw failure;
      }),
    );
    pipeline.add('resolve-timing', (_request, _reply, done) => {
      ran.push('resolve-timing');
      done();
    });
    expect(await runToEnd(pipeline)).toBe(failure);
    expect(ran).toEqual(['resolve-timing', 'limit']);
  });

  it('runs nothing and ends at once without hooks', async () => {
    const pipeline = new RequestPipeline();
    expect(pipeline.activeStages).toEqual([]);
    expect(await runToEnd(pipeline)).toBeUndefined();
  });
});
