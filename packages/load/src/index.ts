// Library API of the tokenpace HDR report (the `tokenpace-report` CLI is a thin shell over it).
export {
  EXIT_OK,
  EXIT_SLO_FAILED,
  EXIT_USAGE_OR_INPUT,
  InputError,
  ReportError,
  type ReportErrorCode,
  SloSyntaxError,
  UsageError,
} from './report/errors.js';
export { formatHgrm } from './report/hgrm.js';
export {
  compareConfigured,
  groupTags,
  type HistogramGroup,
  HistogramSet,
  MAX_GROUPS,
} from './report/histogram-set.js';
export {
  decodeHistogramsDocument,
  type EncodedHistogramEntry,
  encodeHistogramSet,
  HISTOGRAMS_FORMAT,
  type HistogramsDocument,
  mergeHistogramsFile,
} from './report/histograms-document.js';
export { renderHtml } from './report/html.js';
export { type IngestResult, ingestFile, type WarningSink } from './report/ingest.js';
export {
  DEFAULT_SCENARIO,
  FAMILY_KEY_TAGS,
  METRIC_BY_NAME,
  METRIC_BY_SHORT_NAME,
  METRIC_SPECS,
  type MetricFamily,
  type MetricKind,
  type MetricSpec,
  type RecordedUnit,
  SCENARIO_TAG,
} from './report/metrics.js';
export { DEFAULT_OUT_DIR, type WrittenFiles, writeReportFiles } from './report/output-files.js';
export {
  DEFAULT_TICKS_PER_HALF_DISTANCE,
  type PercentilePoint,
  percentileDistribution,
} from './report/percentile-distribution.js';
export { buildReport, type Report, type ReportInputs } from './report/report.js';
export { type CliIo, runCli } from './report/run-cli.js';
export {
  type EncodedSignedHistogram,
  SIGN_SCHEME,
  type SignedBucket,
  SignedHistogram,
} from './report/signed-histogram.js';
export { evaluateSlo, type SloResult } from './report/slo-evaluate.js';
export { parseSlo, type Slo, type SloOperator, type SloStat, type SloUnit } from './report/slo-parse.js';
export { percentileValue } from './report/statistics.js';
export {
  type DistributionSummary,
  type GroupSummary,
  type MetricSummary,
  type RateSummary,
  type ReportSummary,
  type ScenarioSummary,
  SUMMARY_FORMAT,
  summarize,
} from './report/summary.js';
export { renderSloLines, renderTable } from './report/table.js';
export { formatMicrosAsMs, msToMicros, toRecordedValue } from './report/units.js';
