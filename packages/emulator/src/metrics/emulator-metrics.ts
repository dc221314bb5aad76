import { Registry } from 'prom-client';
import {
  FINE_ITL_BUCKETS_S,
  FINE_TTFT_BUCKETS_S,
  LATENESS_BUCKETS_S,
  VLLM_ITL_BUCKETS_S,
  VLLM_REQUEST_LATENCY_BUCKETS_S,
  VLLM_TTFT_BUCKETS_S,
} from './buckets.js';
import {
  CounterFamily,
  type GaugeCell,
  GaugeFamily,
  type HistogramCell,
  HistogramFamily,
  type MetricFamily,
} from './metric-family.js';

/** vLLM labels its series by served model and engine; the emulator is one engine, `"0"`. */
const VLLM_LABELS = ['model_name', 'engine'] as const;
export const ENGINE_LABEL = '0';

/** Model names that get their own label value; further names share `other`, so clients cannot explode the series. */
export const MAX_MODEL_LABELS = 100;
export const OTHER_MODEL_LABEL = 'other';

/** vLLM's 1-2-5 token-count buckets, up to the largest output the emulator allows. */
const TOKEN_COUNT_BUCKETS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
  1_000_000, 2_000_000,
];

/** Every cell a request of one model touches, looked up once per model and then shared by its requests. */
export interface ModelCells {
  ttft: HistogramCell;
  itl: HistogramCell;
  timePerOutputToken: HistogramCell;
  e2e: HistogramCell;
  queueTime: HistogramCell;
  running: GaugeCell;
  promptTokens: { inc(amount: number): void };
  generationTokens: { inc(amount: number): void };
  requestPromptTokens: HistogramCell;
  requestGenerationTokens: HistogramCell;
  ttftConfigured: HistogramCell;
  ttftObserved: HistogramCell;
  itlConfigured: HistogramCell;
  itlObserved: HistogramCell;
  blockedSeconds: { inc(amount: number): void };
}

/**
 * The emulator's metrics in one prom-client Registry: vLLM's names and labels filled with measured values, and
 * tokenpace's own (configured against observed timing, schedule lateness, requests by status and fault).
 */
export class EmulatorMetrics {
  readonly registry = new Registry();

  readonly ttft = this.#histogram(
    'vllm:time_to_first_token_seconds',
    'Time to first token in seconds, measured: request arrival to the first content token handed to the socket.',
    VLLM_LABELS,
    VLLM_TTFT_BUCKETS_S,
  );
  readonly itl = this.#histogram(
    'vllm:inter_token_latency_seconds',
    'Inter-token latency in seconds, measured: the gap between consecutive writes of content tokens.',
    VLLM_LABELS,
    VLLM_ITL_BUCKETS_S,
  );
  readonly timePerOutputToken = this.#histogram(
    'vllm:time_per_output_token_seconds',
    'Time per output token in seconds, measured; equal to vllm:inter_token_latency_seconds (older dashboards read this).',
    VLLM_LABELS,
    VLLM_ITL_BUCKETS_S,
  );
  readonly e2e = this.#histogram(
    'vllm:e2e_request_latency_seconds',
    'End-to-end latency of completed requests in seconds: arrival to the last byte handed to the socket.',
    VLLM_LABELS,
    VLLM_REQUEST_LATENCY_BUCKETS_S,
  );
  readonly queueTime = this.#histogram(
    'vllm:request_queue_time_seconds',
    'Time completed requests waited before generation, in seconds: always 0, the emulator refuses rather than queues.',
    VLLM_LABELS,
    VLLM_REQUEST_LATENCY_BUCKETS_S,
  );
  readonly running = this.#gauge(
    'vllm:num_requests_running',
    'Completion and embedding requests being answered now (admitted, response not yet closed).',
    VLLM_LABELS,
  );
  readonly waiting = this.#gauge(
    'vllm:num_requests_waiting',
    'Requests waiting to be processed: always 0, the emulator refuses rather than queues.',
    VLLM_LABELS,
  );
  readonly promptTokens = this.#counter(
    'vllm:prompt_tokens_total',
    'Prompt tokens of the requests answered, counted with the model encoding.',
    VLLM_LABELS,
  );
  readonly generationTokens = this.#counter(
    'vllm:generation_tokens_total',
    'Completion tokens sent (a stream cut short counts what it sent).',
    VLLM_LABELS,
  );
  readonly requestSuccess = this.#counter(
    'vllm:request_success_total',
    'Requests that finished, by finished_reason: stop, length, abort (client gone) or error (ended by the server).',
    [...VLLM_LABELS, 'finished_reason'],
  );
  readonly requestPromptTokens = this.#histogram(
    'vllm:request_prompt_tokens',
    'Prompt tokens per request.',
    VLLM_LABELS,
    TOKEN_COUNT_BUCKETS,
  );
  readonly requestGenerationTokens = this.#histogram(
    'vllm:request_generation_tokens',
    'Completion tokens sent per request.',
    VLLM_LABELS,
    TOKEN_COUNT_BUCKETS,
  );

  readonly ttftConfigured = this.#histogram(
    'tokenpace_emulator_ttft_configured_seconds',
    'TTFT the request was configured with (a sampled distribution value), for streams that sent a first token.',
    ['model_name'],
    FINE_TTFT_BUCKETS_S,
  );
  readonly ttftObserved = this.#histogram(
    'tokenpace_emulator_ttft_observed_seconds',
    'TTFT as sent: arrival to the first content token handed to the socket (same streams as the configured one).',
    ['model_name'],
    FINE_TTFT_BUCKETS_S,
  );
  readonly itlConfigured = this.#histogram(
    'tokenpace_emulator_itl_configured_seconds',
    'ITL the request was configured with, one sample per gap between content tokens sent.',
    ['model_name'],
    FINE_ITL_BUCKETS_S,
  );
  readonly itlObserved = this.#histogram(
    'tokenpace_emulator_itl_observed_seconds',
    'ITL as sent: the gap between writes of consecutive content tokens (0 for tokens sharing a write).',
    ['model_name'],
    FINE_ITL_BUCKETS_S,
  );
  readonly lateness = this.#histogram(
    'tokenpace_emulator_schedule_lateness_seconds',
    'How late the scheduler served each token (kind="token") or non-streamed body (kind="body") after its due time.',
    ['kind'],
    LATENESS_BUCKETS_S,
  );
  readonly requests = this.#counter(
    'tokenpace_emulator_requests_total',
    'Requests answered, by route, mode, HTTP status (499: the client left before any response) and injected fault.',
    ['model_name', 'route', 'mode', 'status', 'fault'],
  );
  readonly clientAborts = this.#counter(
    'tokenpace_emulator_client_aborts_total',
    'Requests whose client went away before the response was complete.',
    ['model_name', 'mode'],
  );
  readonly blockedSeconds = this.#counter(
    'tokenpace_emulator_stream_blocked_seconds_total',
    'Time streams waited for their clients to read (full socket buffer); tokens held back are not counted as late.',
    ['model_name'],
  );

  readonly tokenLateness = this.lateness.cell('token');
  readonly bodyLateness = this.lateness.cell('body');
  readonly #modelLabels = new Set<string>();
  readonly #modelCells = new Map<string, ModelCells>();

  /** The label value of a model: its name, `other` beyond {@link MAX_MODEL_LABELS} names, `""` when unknown. */
  modelLabel(model: string | null): string {
    if (model === null) return '';
    if (this.#modelLabels.has(model)) return model;
    if (this.#modelLabels.size >= MAX_MODEL_LABELS) return OTHER_MODEL_LABEL;
    this.#modelLabels.add(model);
    return model;
  }

  /** The cells of one model label. */
  cellsFor(modelLabel: string): ModelCells {
    let cells = this.#modelCells.get(modelLabel);
    if (cells === undefined) {
      const vllm = [modelLabel, ENGINE_LABEL] as const;
      cells = {
        ttft: this.ttft.cell(...vllm),
        itl: this.itl.cell(...vllm),
        timePerOutputToken: this.timePerOutputToken.cell(...vllm),
        e2e: this.e2e.cell(...vllm),
        queueTime: this.queueTime.cell(...vllm),
        running: this.running.cell(...vllm),
        promptTokens: this.promptTokens.cell(...vllm),
        generationTokens: this.generationTokens.cell(...vllm),
        requestPromptTokens: this.requestPromptTokens.cell(...vllm),
        requestGenerationTokens: this.requestGenerationTokens.cell(...vllm),
        ttftConfigured: this.ttftConfigured.cell(modelLabel),
        ttftObserved: this.ttftObserved.cell(modelLabel),
        itlConfigured: this.itlConfigured.cell(modelLabel),
        itlObserved: this.itlObserved.cell(modelLabel),
        blockedSeconds: this.blockedSeconds.cell(modelLabel),
      };
      // The queue is always empty; export it at 0 as soon as a model is seen, as vLLM does.
      this.waiting.cell(...vllm);
      this.#modelCells.set(modelLabel, cells);
    }
    return cells;
  }

  #histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    return this.#register(new HistogramFamily({ name, help, labelNames, buckets }));
  }

  #counter(name: string, help: string, labelNames: readonly string[]) {
    return this.#register(new CounterFamily({ name, help, labelNames }));
  }

  #gauge(name: string, help: string, labelNames: readonly string[]) {
    return this.#register(new GaugeFamily({ name, help, labelNames }));
  }

  #register<Family extends MetricFamily<unknown>>(family: Family): Family {
    return family.registerIn(this.registry);
  }
}
