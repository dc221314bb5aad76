import { attributeFiles } from './attribution/attribution-files.js';
import { renderAttribution } from './attribution/render-attribution.js';
import { HELP_TEXT, parseCliArguments } from './cli-args.js';
import { compareFiles, overBudget } from './compare/compare-files.js';
import { renderComparison } from './compare/render-compare.js';
import { EXIT_OK, EXIT_SLO_FAILED, EXIT_USAGE_OR_INPUT, ReportError } from './errors.js';
import { writeReportFiles } from './output-files.js';
import { buildReport } from './report.js';
import { renderSloLines, renderTable } from './table.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The report CLI without process globals: returns the exit code (0 ok, 1 SLO failed, 2 usage/input). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const options = parseCliArguments(argv);
    if (options.help) {
      io.stdout(HELP_TEXT);
      return EXIT_OK;
    }
    const onWarning = (message: string) => io.stderr(`warning: ${message}\n`);
    if (options.compare) {
      const { comparison, html } = await compareFiles({
        runs: options.files,
        labels: options.labels,
        groundTruthFiles: options.groundTruthFiles,
        outDir: options.outDir,
        budgetMs: options.budgetMs,
        guardShare: options.guardShare,
        onWarning,
      });
      io.stdout(renderComparison(comparison, options.budgetMs));
      io.stdout(`\nwrote ${html} and compare.json\n`);
      return overBudget(comparison, options.budgetMs) ? EXIT_SLO_FAILED : EXIT_OK;
    }
    const report = await buildReport({
      files: options.files,
      histogramFiles: options.histogramFiles,
      slos: options.slos,
      onWarning,
    });
    const written = await writeReportFiles(options.outDir, report);
    const attribution =
      options.groundTruthFiles.length === 0
        ? null
        : await attributeFiles(options.files, options.groundTruthFiles, options.outDir, onWarning);
    if (options.json) {
      io.stdout(`${JSON.stringify(report.summary, null, 2)}\n`);
    } else if (options.quiet) {
      io.stdout(renderSloLines(report.slos));
    } else {
      io.stdout(renderTable(report.summary));
      if (attribution !== null) io.stdout(`\n${renderAttribution(attribution.summary)}`);
      if (report.slos.length > 0) io.stdout(`\nSLOs\n${renderSloLines(report.slos)}`);
      io.stdout(
        `\nwrote ${written.directory}: ${written.hgrm.length} .hgrm, histograms.json, summary.json, report.html\n`,
      );
    }
    return report.slos.every((slo) => slo.passed) ? EXIT_OK : EXIT_SLO_FAILED;
  } catch (error) {
    if (error instanceof ReportError) {
      io.stderr(`tokenpace-report: ${error.message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    io.stderr(
      `tokenpace-report: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_USAGE_OR_INPUT;
  }
}
