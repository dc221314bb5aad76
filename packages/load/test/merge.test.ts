import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC } from '@tokenpace/core/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistogramSet } from '../src/report/histogram-set.js';
import { decodeHistogramsDocument, encodeHistogramSet } from '../src/report/histograms-document.js';
import { METRIC_SPECS, type MetricSpec } from '../src/report/metrics.js';
import { writeReportFiles } from '../src/report/output-files.js';
import { buildReport, type Report } from '../src/report/report.js';
import { renderTable } from '../src/report/table.js';
import { SEGMENT_A, SEGMENT_B, SINGLE, temporaryDirectory } from './helpers.js';

const directory = temporaryDirectory();

/** The table without its first line, which counts the inputs. */
function tableBody(report: Report): string {
  return renderTable(report.summary).split('\n').slice(1).join('\n');
}

function expectSameReport(actual: Report, expected: Report): void {
  expect(encodeHistogramSet(actual.set)).toEqual(encodeHistogramSet(expected.set));
  expect(actual.summary.scenarios).toEqual(expected.summary.scenarios);
  expect(tableBody(actual)).toBe(tableBody(expected));
}

interface RandomSample {
  readonly metric: MetricSpec;
  readonly scenario: string;
  readonly configured: string;
  readonly value: number;
}

describe('merging k6 outputs', () => {
  it('merges two execution segments into exactly the single run (real k6 output)', async () => {
    const single = await buildReport({ files: [SINGLE] });
    const segments = await buildReport({ files: [SEGMENT_A, SEGMENT_B] });
    const reversed = await buildReport({ files: [SEGMENT_B, SEGMENT_A] });
    expectSameReport(segments, single);
    expectSameReport(reversed, single);
  });

  it('gives report(A, B) == report(A+B concatenated) bit for bit', async () => {
    const concatenated = join(directory, 'a-then-b.ndjson.gz');
    writeFileSync(concatenated, Buffer.concat([readFileSync(SEGMENT_A), readFileSync(SEGMENT_B)]));
    const separate = await buildReport({ files: [SEGMENT_A, SEGMENT_B] });
    const together = await buildReport({ files: [concatenated] });
    expectSameReport(together, separate);
  });

  it('merges written histograms.json files exactly, alone or mixed with k6 outputs', async () => {
    const expected = await buildReport({ files: [SEGMENT_A, SEGMENT_B] });
    const fromA = await writeReportFiles(join(directory, 'a'), await buildReport({ files: [SEGMENT_A] }));
    const fromB = await writeReportFiles(join(directory, 'b'), await buildReport({ files: [SEGMENT_B] }));
    expectSameReport(
      await buildReport({ files: [], histogramFiles: [fromA.histograms, fromB.histograms] }),
      expected,
    );
    expectSameReport(await buildReport({ files: [SEGMENT_A], histogramFiles: [fromB.histograms] }), expected);
    // And the .hgrm text does not depend on the path the histogram took.
    const merged = await writeReportFiles(
      join(directory, 'merged'),
      await buildReport({ files: [], histogramFiles: [fromA.histograms, fromB.histograms] }),
    );
    const direct = await writeReportFiles(join(directory, 'direct'), expected);
    expect(merged.hgrm.length).toBe(direct.hgrm.length);
    for (const [index, file] of merged.hgrm.entries()) {
      expect(readFileSync(file, 'utf8')).toBe(readFileSync(direct.hgrm[index] as string, 'utf8'));
    }
  });

  it('is associative and commutative on random sample sets', () => {
    const metrics = METRIC_SPECS.filter((spec) => spec.name === METRIC.ttftDelta || spec.name === METRIC.e2e);
    const sample: fc.Arbitrary<RandomSample> = fc.record({
      metric: fc.constantFrom(...metrics),
      scenario: fc.constantFrom('chat', 'burst'),
      configured: fc.constantFrom('50', '100', ''),
      value: fc.integer({ min: -5_000_000, max: 50_000_000 }),
    });
    const part = fc.array(sample, { maxLength: 60 });
    const setOf = (samples: readonly RandomSample[]) => {
      const set = new HistogramSet();
      for (const { metric, scenario, configured, value } of samples) {
        set.record(
          metric,
          scenario,
          metric.keyTags.map(() => configured),
          value,
        );
      }
      return set;
    };
    fc.assert(
      fc.property(part, part, part, (a, b, c) => {
        const whole = encodeHistogramSet(setOf([...a, ...b, ...c]));
        const left = setOf(a);
        left.merge(setOf(b));
        left.merge(setOf(c));
        const inner = setOf(b);
        inner.merge(setOf(c));
        const right = setOf(a);
        right.merge(inner);
        const viaDocuments = decodeHistogramsDocument(encodeHistogramSet(setOf(c)), 'c');
        viaDocuments.merge(decodeHistogramsDocument(encodeHistogramSet(setOf(a)), 'a'));
        viaDocuments.merge(setOf(b));
        expect(encodeHistogramSet(left)).toEqual(whole);
        expect(encodeHistogramSet(right)).toEqual(whole);
        expect(encodeHistogramSet(viaDocuments)).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});
