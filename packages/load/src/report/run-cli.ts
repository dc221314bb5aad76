import { HELP_TEXT, parseCliArguments } from './cli-args.js';
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
    const report = await buildReport({
      files: options.files,
      histogramFiles: options.histogramFiles,
      slos: options.slos,
      onWarning: (message) => io.stderr(`warning: ${message}\n`),
    });
    const written = await writeReportFiles(options.outDir, report);
    if (options.json) {
      io.stdout(`${JSON.stringify(report.summary, null, 2)}\n`);
    } else if (options.quiet) {
      io.stdout(renderSloLines(report.slos));
    } else {
      io.stdout(renderTable(report.summary));
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
