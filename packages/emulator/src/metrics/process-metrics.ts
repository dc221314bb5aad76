import {
  type EventLoopUtilization,
  type IntervalHistogram,
  monitorEventLoopDelay,
  performance,
} from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { CounterFamily, GaugeFamily } from './metric-family.js';

/** Sampling interval of the event-loop delay monitor: one cheap timer every 10 ms, as prom-client uses. */
const DELAY_RESOLUTION_MS = 10;
const DELAY_QUANTILES = [0.5, 0.9, 0.99] as const;

/**
 * How busy this process is, read at each scrape: its CPU time and memory (summed over workers, like any
 * `process_*` series), and per worker (label `worker`) the event loop's delay and utilisation. A busy event
 * loop delays every token, so these explain lateness when it appears.
 */
export class ProcessMetrics {
  readonly #delay: IntervalHistogram = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  #lastUtilization: EventLoopUtilization = performance.eventLoopUtilization();

  constructor(registry: Registry, workerLabel: string) {
    const cpu = new CounterFamily({
      name: 'process_cpu_seconds_total',
      help: 'User and system CPU time of the server processes, in seconds.',
      labelNames: [],
      collect: () => {
        const usage = process.cpuUsage();
        cpu.cell().value = (usage.user + usage.system) / 1e6;
      },
    }).registerIn(registry);
    const memory = new GaugeFamily({
      name: 'process_resident_memory_bytes',
      help: 'Resident memory of the server processes, in bytes.',
      labelNames: [],
      collect: () => memory.cell().set(process.memoryUsage.rss()),
    }).registerIn(registry);
    const delay = new GaugeFamily({
      name: 'tokenpace_emulator_event_loop_delay_seconds',
      help: 'Event-loop delay since the previous scrape, by quantile ("1" is the maximum), sampled every 10 ms.',
      labelNames: ['worker', 'quantile'],
      collect: () => {
        const histogram = this.#delay;
        const seen = histogram.count > 0;
        for (const quantile of DELAY_QUANTILES) {
          delay
            .cell(workerLabel, String(quantile))
            .set(seen ? histogram.percentile(quantile * 100) / 1e9 : 0);
        }
        delay.cell(workerLabel, '1').set(seen ? histogram.max / 1e9 : 0);
        histogram.reset();
      },
    }).registerIn(registry);
    const active = new CounterFamily({
      name: 'tokenpace_emulator_event_loop_active_seconds_total',
      help: 'Time the event loop spent running code rather than waiting for I/O; its rate is the utilisation.',
      labelNames: ['worker'],
      collect: () => {
        active.cell(workerLabel).value = performance.eventLoopUtilization().active / 1000;
      },
    }).registerIn(registry);
    const utilization = new GaugeFamily({
      name: 'tokenpace_emulator_event_loop_utilization',
      help: 'Share of time the event loop was busy since the previous scrape (0 to 1).',
      labelNames: ['worker'],
      collect: () => {
        const now = performance.eventLoopUtilization();
        utilization
          .cell(workerLabel)
          .set(performance.eventLoopUtilization(now, this.#lastUtilization).utilization);
        this.#lastUtilization = now;
      },
    }).registerIn(registry);
    // Export every series from the first scrape, before anything was collected.
    cpu.cell();
    memory.cell();
    active.cell(workerLabel);
    utilization.cell(workerLabel);
    for (const quantile of [...DELAY_QUANTILES, 1]) delay.cell(workerLabel, String(quantile));
  }

  start(): void {
    this.#delay.enable();
  }

  stop(): void {
    this.#delay.disable();
  }
}
