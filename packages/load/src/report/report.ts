import { resolve } from 'node:path';
import { ReportError, UsageError } from './errors.js';
import { HistogramSet } from './histogram-set.js';
import { mergeHistogramsFile } from './histograms-document.js';
import { type IngestResult, ingestFile, type WarningSink } from './ingest.js';
import { evaluateSlo, type SloResult } from './slo-evaluate.js';
import { parseSlo } from './slo-parse.js';
import { type ReportSummary, summarize } from './summary.js';

export interface ReportInputs {
  /** k6 `--out json` files, plain or gzip; all merge into one set (execution segments, k6-operator pods). */
  readonly files: readonly string[];
  /** histograms.json files of earlier reports, merged exactly. */
  readonly histogramFiles?: readonly string[];
  /** SLO expressions, parsed before any input is read so a typo fails fast. */
  readonly slos?: readonly string[];
  readonly onWarning?: WarningSink;
}

export interface Report {
  readonly set: HistogramSet;
  readonly summary: ReportSummary;
  readonly slos: readonly SloResult[];
  readonly ingested: readonly IngestResult[];
}

/** Reads every input into one histogram set, evaluates the SLOs and summarises. */
export async function buildReport(inputs: ReportInputs): Promise<Report> {
  const histogramFiles = inputs.histogramFiles ?? [];
  const slos = (inputs.slos ?? []).map(parseSlo);
  if (inputs.files.length === 0 && histogramFiles.length === 0) {
    throw new UsageError('no input: give k6 JSON output files and/or --histograms <histograms.json>');
  }
  const warnings: string[] = [];
  const onWarning = (message: string) => {
    warnings.push(message);
    inputs.onWarning?.(message);
  };
  warnDuplicates([...inputs.files, ...histogramFiles], onWarning);
  const set = new HistogramSet();
  const ingested: IngestResult[] = [];
  for (const file of inputs.files) ingested.push(await ingestFile(file, set, onWarning));
  for (const file of histogramFiles) await mergeHistogramsFile(file, set);
  if (set.sampleCount === 0) {
    throw new ReportError(
      'REPORT_NO_SAMPLES',
      `no tokenpace samples in ${[...inputs.files, ...histogramFiles].join(', ')} ` +
        '(expected k6 --out json output with tokenpace_* metrics)',
    );
  }
  const results = slos.map((slo) => evaluateSlo(slo, set));
  const summary = summarize(set, { files: inputs.files, histogramFiles, warnings, slos: results });
  return { set, summary, slos: results, ingested };
}

/** The same file twice is almost always a shell-glob accident, and its samples would count twice. */
function warnDuplicates(files: readonly string[], onWarning: WarningSink): void {
  const seen = new Set<string>();
  for (const file of files) {
    const path = resolve(file);
    if (seen.has(path)) onWarning(`${file} is given more than once; its samples are counted each time`);
    seen.add(path);
  }
}
