import type { Aggregator, Metric, Registry } from 'prom-client';

/** One sample as prom-client's registries read and aggregate it (`getMetricsAsJSON`). */
export interface MetricSample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** A metric as prom-client's registries read it: the shape its own metrics return from `get()`. */
export interface MetricJson {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  values: MetricSample[];
  aggregator: Aggregator;
}

export interface FamilyOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** How the primary combines the workers' series with equal labels (default: sum). */
  aggregator?: Aggregator;
  /** Runs before every read, to refresh values that are sampled rather than counted. */
  collect?: () => void;
}

/**
 * A metric with one cell per set of label values. A caller looks its cell up once (per request, say) and then
 * updates it with plain arithmetic: no label hashing and no allocation per update, which prom-client's own
 * metrics do on every call (about 0.7 µs per histogram observation — more than a token costs to send).
 * Registered in a prom-client Registry, which formats it and aggregates it across workers like its own.
 */
export abstract class MetricFamily<Cell> {
  abstract readonly type: MetricJson['type'];
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly aggregator: Aggregator;
  readonly #collect: (() => void) | undefined;
  readonly #cells = new Map<string, { labels: Record<string, string>; cell: Cell }>();

  constructor(options: FamilyOptions) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.aggregator = options.aggregator ?? 'sum';
    this.#collect = options.collect;
  }

  /** The cell of these label values (in `labelNames` order), created at zero on first use. */
  cell(...labelValues: string[]): Cell {
    if (labelValues.length !== this.labelNames.length) {
      throw new RangeError(
        `${this.name} takes ${this.labelNames.length} label values, got ${labelValues.length}.`,
      );
    }
    const key = labelValues.join('\u0000');
    let entry = this.#cells.get(key);
    if (entry === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((labelName, index) => {
        labels[labelName] = labelValues[index] as string;
      });
      entry = { labels, cell: this.createCell() };
      this.#cells.set(key, entry);
    }
    return entry.cell;
  }

  /** Read by prom-client's Registry for the text exposition and for `getMetricsAsJSON`. */
  get(): MetricJson {
    this.#collect?.();
    const values: MetricSample[] = [];
    for (const { labels, cell } of this.#cells.values()) this.appendSamples(values, labels, cell);
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** Forgets every cell (prom-client's `resetMetrics`). Cells already handed out stop being exported. */
  reset(): void {
    this.#cells.clear();
  }

  /** Adds this family to `registry`, which reads it through `get()` as it reads its own metrics. */
  registerIn(registry: Registry): this {
    registry.registerMetric(this as unknown as Metric);
    return this;
  }

  protected abstract createCell(): Cell;
  protected abstract appendSamples(values: MetricSample[], labels: Record<string, string>, cell: Cell): void;
}

export class CounterCell {
  value = 0;

  inc(amount = 1): void {
    this.value += amount;
  }
}

export class GaugeCell {
  value = 0;

  set(value: number): void {
    this.value = value;
  }

  inc(amount = 1): void {
    this.value += amount;
  }

  dec(amount = 1): void {
    this.value -= amount;
  }
}

export class CounterFamily extends MetricFamily<CounterCell> {
  readonly type = 'counter';

  protected createCell(): CounterCell {
    return new CounterCell();
  }

  protected appendSamples(values: MetricSample[], labels: Record<string, string>, cell: CounterCell): void {
    values.push({ value: cell.value, labels });
  }
}

export class GaugeFamily extends MetricFamily<GaugeCell> {
  readonly type = 'gauge';

  protected createCell(): GaugeCell {
    return new GaugeCell();
  }

  protected appendSamples(values: MetricSample[], labels: Record<string, string>, cell: GaugeCell): void {
    values.push({ value: cell.value, labels });
  }
}

/**
 * Counts per bucket of one label set. `counts[i]` holds the values in (bounds[i−1], bounds[i]]; the last slot
 * holds those above every bound (+Inf). Exported cumulatively, as Prometheus expects.
 */
export class HistogramCell {
  readonly bounds: readonly number[];
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(bounds: readonly number[]) {
    this.bounds = bounds;
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    this.observeMany(value, 1);
  }

  /** Records `times` equal values at once: the zero gaps of tokens that left in one write, say. */
  observeMany(value: number, times: number): void {
    if (!(times > 0) || Number.isNaN(value)) return;
    this.addAt(this.indexOf(value), value, times);
  }

  /** The bucket `value` falls in: the first bound at or above it (`bounds.length` for +Inf). */
  indexOf(value: number): number {
    const bounds = this.bounds;
    // Binary search: the fine buckets have 161 bounds.
    let low = 0;
    let high = bounds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((bounds[middle] as number) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Records `times` values equal to `value` in bucket `index`, found by `indexOf` of a cell with the same bounds:
   * one search serves two histograms of one value (vLLM's ITL and its older name).
   */
  addAt(index: number, value: number, times: number): void {
    this.counts[index] = (this.counts[index] as number) + times;
    this.sum += value * times;
    this.count += times;
  }
}

export interface HistogramFamilyOptions extends FamilyOptions {
  /** Upper bounds of the buckets, ascending; +Inf is added. */
  buckets: readonly number[];
}

export class HistogramFamily extends MetricFamily<HistogramCell> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];

  constructor(options: HistogramFamilyOptions) {
    super(options);
    for (let index = 1; index < options.buckets.length; index++) {
      if (!((options.buckets[index] as number) > (options.buckets[index - 1] as number))) {
        throw new RangeError(`${options.name}: bucket bounds must be strictly ascending.`);
      }
    }
    this.buckets = options.buckets;
  }

  protected createCell(): HistogramCell {
    return new HistogramCell(this.buckets);
  }

  protected appendSamples(values: MetricSample[], labels: Record<string, string>, cell: HistogramCell): void {
    const bucketName = `${this.name}_bucket`;
    let cumulative = 0;
    this.buckets.forEach((bound, index) => {
      cumulative += cell.counts[index] as number;
      values.push({ value: cumulative, labels: { ...labels, le: bound }, metricName: bucketName });
    });
    values.push({ value: cell.count, labels: { ...labels, le: '+Inf' }, metricName: bucketName });
    values.push({ value: cell.sum, labels, metricName: `${this.name}_sum` });
    values.push({ value: cell.count, labels, metricName: `${this.name}_count` });
  }
}
