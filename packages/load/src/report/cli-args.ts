import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { FAMILY_KEY_TAGS, FAMILY_ORDER, METRIC_SPECS, SCENARIO_TAG } from './metrics.js';
import { DEFAULT_OUT_DIR } from './output-files.js';

export interface CliOptions {
  readonly files: readonly string[];
  readonly histogramFiles: readonly string[];
  readonly slos: readonly string[];
  readonly outDir: string;
  readonly quiet: boolean;
  readonly json: boolean;
  readonly help: boolean;
  /** Ground-truth logs of the emulator(s): join them with the client's samples to attribute the latency. */
  readonly groundTruthFiles: readonly string[];
  /** Compare runs: each positional is one run (files joined by commas), the first the baseline. */
  readonly compare: boolean;
  readonly labels: readonly string[];
  /** With --compare: the largest added p99 (ms) that is within budget; a run over it exits 1. */
  readonly budgetMs: number | null;
  /** Share of the measured difference at which the mock-ceiling guard flags it. */
  readonly guardShare: number | undefined;
}

const TAG_HELP = FAMILY_ORDER.map((family) => {
  const metrics = METRIC_SPECS.filter((spec) => spec.family === family).map((spec) => spec.shortName);
  return `             ${metrics.join(', ')}\n               tags: ${[SCENARIO_TAG, ...FAMILY_KEY_TAGS[family]].join(', ')}`;
}).join('\n');

export const HELP_TEXT = `Usage: tokenpace-report [options] <k6-output.ndjson[.gz]>...
       tokenpace-report --compare [options] <baseline files> <run files>...

Reads k6 --out json output (plain or gzip, streamed), records every tokenpace_* sample as integer
microseconds into HDR histograms per metric x scenario x configured value, prints percentile tables of
observed, configured and observed - configured timing, writes report files and checks SLOs.
Several inputs merge exactly into one report (k6 --execution-segment instances, k6-operator pods).

Options:
  --out-dir <dir>           where to write the report files (default: ${DEFAULT_OUT_DIR}):
                              <metric>.<scenario>.<configured>.hgrm  percentile distribution, ms
                              histograms.json  every histogram, encoded and mergeable (--histograms)
                              summary.json     the table as data
                              report.html      self-contained page with HDR percentile plots
  --histograms <file>       also merge a histograms.json written earlier (repeatable)
  --slo '<expression>'      check a service-level objective (repeatable); exit 1 if one fails
  --ground-truth <file>     the emulator's ground-truth log (--ground-truth-log) of the same run
                            (repeatable): joins it with the samples by request key and prints
                            each request's latency split into path (observed at the client −
                            actually sent) and emulator (actually sent − configured) shares, for
                            TTFT, every gap and the end; writes attribution.json
  --compare                 compare runs of the same load: each input is one run (several files
                            joined by commas), the first the baseline; prints each run's TTFT,
                            ITL and e2e p50/p90/p99/p99.9, what it adds over the baseline, errors,
                            and with --ground-truth the attributed share and the mock-ceiling
                            guard; writes compare.html and compare.json
  --labels <a,b,…>          names of the compared runs (default: A, B, …)
  --budget-ms <ms>          with --compare: exit 1 when a run adds more than this at p99
  --guard-share <share>     flag a difference when the emulator's lateness or the client's own
                            delay is at least this share of it (default 0.1)
  --quiet                   print only the SLO lines
  --json                    print summary.json to stdout instead of the table
  -h, --help                print this help

SLO expressions:  <metric>[{tag=value,...}]:<stat><op><number><unit>
  metric   a tokenpace metric without its prefix; {tags} filter by scenario and the configured
           values that key it, and the samples of all matching groups are merged:
${TAG_HELP}
  stat     p50, p90, p99, p99.9, p(99.99), min, max, mean, count, rate (rates only)
  op       <  <=  >  >=
  unit     ms, us, s for times; none for counts, token counts and rates (0.01 = 1%)
  e.g.     --slo 'ttft_delta{scenario=comprehensive}:p99<5ms' --slo 'stream_errors:rate<=0.001'

Exit status: 0 all SLOs met, 1 an SLO failed, 2 usage or input error.
`;

export function parseCliArguments(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<typeof parseWithNode>;
  try {
    parsed = parseWithNode(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see --help`);
  }
  const { values, positionals } = parsed;
  if (values.quiet && values.json) throw new UsageError('--quiet and --json exclude each other');
  return {
    files: positionals,
    histogramFiles: values.histograms ?? [],
    slos: values.slo ?? [],
    outDir: values['out-dir'] ?? DEFAULT_OUT_DIR,
    quiet: values.quiet ?? false,
    json: values.json ?? false,
    help: values.help ?? false,
    groundTruthFiles: values['ground-truth'] ?? [],
    compare: values.compare ?? false,
    labels: values.labels === undefined ? [] : values.labels.split(',').map((label) => label.trim()),
    budgetMs: optionalNumber(values['budget-ms'], '--budget-ms', 0) ?? null,
    guardShare: optionalNumber(values['guard-share'], '--guard-share', 0),
  };
}

function optionalNumber(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a number ≥ ${min}`);
  }
  return value;
}

function parseWithNode(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'out-dir': { type: 'string' },
      histograms: { type: 'string', multiple: true },
      slo: { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'ground-truth': { type: 'string', multiple: true },
      compare: { type: 'boolean' },
      labels: { type: 'string' },
      'budget-ms': { type: 'string' },
      'guard-share': { type: 'string' },
    },
  });
}
