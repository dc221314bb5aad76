import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Event-loop delay percentiles over one window, ms. */
export interface LoopDelayWindow {
  /** Length of the window the percentiles cover. */
  windowMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** One process as `/stats` shows it: memory, open handles and how late its event loop ran. */
export interface ProcessStats {
  pid: number;
  /** Worker index (0 in-process). */
  worker: number;
  uptimeMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Open handles by type (`TCPSocketWrap`, `Timeout`, …), as process.getActiveResourcesInfo() lists them. */
  activeResources: Record<string, number>;
  /** Event-loop delay over the last complete window, or over the current one before a window completed. */
  eventLoopDelay: LoopDelayWindow;
  /** Worst event-loop delay since start, ms. */
  maxEventLoopDelayMs: number;
}

const NS_PER_MS = 1e6;
/** Length of a delay window: long enough for stable percentiles, short enough to show a soak's trend. */
export const LOOP_DELAY_WINDOW_MS = 5_000;
/** Sampling resolution of the delay monitor; its timer wakes the loop this often. */
const LOOP_DELAY_RESOLUTION_MS = 10;

/** The monitor records the time between its timer's wakes; the delay is what exceeds the resolution. */
function delayMs(intervalNs: number): number {
  return Math.max(0, Math.round((intervalNs / NS_PER_MS - LOOP_DELAY_RESOLUTION_MS) * 1000) / 1000);
}

function windowOf(histogram: IntervalHistogram, windowMs: number): LoopDelayWindow {
  const count = histogram.count;
  return {
    windowMs: Math.round(windowMs),
    p50Ms: count === 0 ? 0 : delayMs(histogram.percentile(50)),
    p99Ms: count === 0 ? 0 : delayMs(histogram.percentile(99)),
    maxMs: count === 0 ? 0 : delayMs(histogram.max),
  };
}

/**
 * Watches this process for `/stats`: the event-loop delay in windows of {@link LOOP_DELAY_WINDOW_MS} (a soak
 * reads a trend from them, which a since-start histogram would hide), memory and handles on request.
 */
export class ProcessWatch {
  readonly #worker: number;
  readonly #startedMs = performance.now();
  readonly #histogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  readonly #rotation: NodeJS.Timeout;
  #windowStartMs = performance.now();
  #lastWindow: LoopDelayWindow | null = null;
  #maxDelayMs = 0;

  constructor(worker: number) {
    this.#worker = worker;
    this.#histogram.enable();
    this.#rotation = setInterval(() => this.#rotate(), LOOP_DELAY_WINDOW_MS);
    this.#rotation.unref();
  }

  stats(): ProcessStats {
    const memory = process.memoryUsage();
    const activeResources: Record<string, number> = {};
    for (const type of process.getActiveResourcesInfo())
      activeResources[type] = (activeResources[type] ?? 0) + 1;
    const current = windowOf(this.#histogram, performance.now() - this.#windowStartMs);
    return {
      pid: process.pid,
      worker: this.#worker,
      uptimeMs: Math.round(performance.now() - this.#startedMs),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      activeResources,
      eventLoopDelay: this.#lastWindow ?? current,
      maxEventLoopDelayMs: Math.max(this.#maxDelayMs, current.maxMs),
    };
  }

  stop(): void {
    clearInterval(this.#rotation);
    this.#histogram.disable();
  }

  #rotate(): void {
    const nowMs = performance.now();
    this.#lastWindow = windowOf(this.#histogram, nowMs - this.#windowStartMs);
    this.#maxDelayMs = Math.max(this.#maxDelayMs, this.#lastWindow.maxMs);
    this.#histogram.reset();
    this.#windowStartMs = nowMs;
  }
}
