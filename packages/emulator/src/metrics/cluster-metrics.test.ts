import { describe, expect, it } from 'vitest';
import { WorkerMetricsAggregate } from './cluster-metrics.js';
import { EmulatorMetrics } from './emulator-metrics.js';

async function workerAnswer(worker: number, streams: number) {
  const metrics = new EmulatorMetrics();
  const cells = metrics.cellsFor('gpt-4o');
  for (let index = 0; index < streams; index++) cells.ttft.observe(0.2);
  cells.running.set(worker + 1);
  return { worker, metrics: await metrics.registry.getMetricsAsJSON() };
}

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((candidate) => candidate.startsWith(prefix));
}

describe('WorkerMetricsAggregate', () => {
  it('adds the workers’ series up, and keeps a worker that missed a scrape at its last numbers', async () => {
    const aggregate = new WorkerMetricsAggregate();
    const count = 'vllm:time_to_first_token_seconds_count{model_name="gpt-4o",engine="0"}';
    const first = await aggregate.text([await workerAnswer(0, 3), await workerAnswer(1, 4)]);
    expect(line(first, count)).toBe(`${count} 7`);
    expect(line(first, 'vllm:num_requests_running{')).toBe(
      'vllm:num_requests_running{model_name="gpt-4o",engine="0"} 3',
    );
    // Worker 1 does not answer in time: its counts stay in, so the server's counters never go backwards.
    const second = await aggregate.text([await workerAnswer(0, 5)]);
    expect(line(second, count)).toBe(`${count} 9`);
    expect(await aggregate.text([{ unexpected: true }])).toContain(`${count} 9`);
  });
});
