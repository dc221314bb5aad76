import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatHgrm } from './hgrm.js';
import { encodeHistogramSet } from './histograms-document.js';
import { renderHtml } from './html.js';
import type { Report } from './report.js';
import { MICROS_PER_MS } from './units.js';

export const DEFAULT_OUT_DIR = 'out/report';

export interface WrittenFiles {
  readonly directory: string;
  readonly hgrm: readonly string[];
  readonly histograms: string;
  readonly summary: string;
  readonly html: string;
}

/**
 * Writes `<metric>.<scenario>.<configured>.hgrm` per time and token histogram (rates have no
 * distribution worth plotting), histograms.json (the mergeable form), summary.json and report.html.
 */
export async function writeReportFiles(directory: string, report: Report): Promise<WrittenFiles> {
  await mkdir(directory, { recursive: true });
  const taken = new Set<string>();
  const hgrm: string[] = [];
  for (const group of report.set.groups()) {
    if (group.metric.kind === 'rate') continue;
    const name = uniqueName(
      [group.metric.shortName, group.scenario, group.configured.map(fileNamePart).join('-')]
        .map(fileNamePart)
        .join('.'),
      taken,
    );
    const scalingRatio = group.metric.kind === 'time' ? MICROS_PER_MS : 1;
    const path = join(directory, `${name}.hgrm`);
    await writeFile(path, formatHgrm(group.histogram, scalingRatio));
    hgrm.push(path);
  }
  const histograms = join(directory, 'histograms.json');
  await writeFile(histograms, `${JSON.stringify(encodeHistogramSet(report.set), null, 2)}\n`);
  const summary = join(directory, 'summary.json');
  await writeFile(summary, `${JSON.stringify(report.summary, null, 2)}\n`);
  const html = join(directory, 'report.html');
  await writeFile(html, renderHtml(report.set, report.summary));
  return { directory, hgrm, histograms, summary, html };
}

/** Tag values are free text: keep file names portable and free of path separators. */
export function fileNamePart(text: string): string {
  return text === '' ? '-' : text.replace(/[^A-Za-z0-9_.-]/g, '_');
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${name}~${suffix}`;
  taken.add(candidate);
  return candidate;
}
