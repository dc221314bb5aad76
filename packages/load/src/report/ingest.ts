import { createInterface } from 'node:readline';
import { InputError, ReportError } from './errors.js';
import type { HistogramSet } from './histogram-set.js';
import { isTruncatedGzip, isZlibError, openInputStream } from './input-stream.js';
import { SampleParser } from './sample-parser.js';

export interface IngestResult {
  readonly file: string;
  /** Lines read (complete lines; a dropped partial last line is not counted). */
  readonly lines: number;
  /** tokenpace samples recorded. */
  readonly samples: number;
  /** The gzip stream ended early or the last line was incomplete (k6 stopped mid-write). */
  readonly truncated: boolean;
}

export type WarningSink = (message: string) => void;

/**
 * Streams one k6 `--out json` file (plain or gzip) line by line into the set, never holding the file
 * in memory. A truncated gzip stream or an incomplete last line is tolerated with a warning, since a
 * k6 stopped mid-write leaves exactly that; any other damage is an InputError naming file:line.
 */
export async function ingestFile(
  file: string,
  into: HistogramSet,
  onWarning: WarningSink,
): Promise<IngestResult> {
  const input = await openInputStream(file);
  const parser = new SampleParser(file, into);
  const reader = createInterface({ input: input.stream, crlfDelay: Number.POSITIVE_INFINITY });

  // One line of look-ahead: only the last line may be incomplete, and only it is forgiven.
  let pending: string | undefined;
  let lineNumber = 0;
  let failure: unknown;
  let truncated = false;

  const handle = (line: string, number: number, isLast: boolean): void => {
    if (parser.parse(line, number) !== 'invalid-json') return;
    if (isLast && !input.endsWithNewline) {
      truncated = true;
      onWarning(
        `${file}:${number}: incomplete last line dropped (the file ends mid-line; k6 stopped mid-write?)`,
      );
      return;
    }
    throw parser.invalidJsonError(line, number);
  };

  const stop = (error: unknown): void => {
    failure ??= error;
    reader.close();
    input.stream.destroy();
  };

  reader.on('line', (line) => {
    if (failure !== undefined) return;
    try {
      if (pending !== undefined) handle(pending, lineNumber, false);
      pending = line;
      lineNumber += 1;
    } catch (error) {
      stop(error);
    }
  });
  // readline forwards input errors to itself; either way they end the read without throwing here.
  reader.on('error', stop);
  input.stream.on('error', stop);
  await new Promise<void>((resolve) => reader.once('close', resolve));

  if (failure !== undefined && input.gzip && isTruncatedGzip(failure)) {
    // zlib reports the missing trailer after delivering all it could inflate; the partial line is gone.
    failure = undefined;
    truncated = true;
    onWarning(
      `${file}: gzip stream ends early after line ${lineNumber} (k6 stopped mid-write?); ` +
        'the incomplete last line was dropped',
    );
  }
  if (failure === undefined && pending !== undefined) {
    try {
      handle(pending, lineNumber, true);
    } catch (error) {
      failure = error;
    }
  }
  if (failure !== undefined) throw toReportError(file, lineNumber, failure);
  if (parser.samples === 0) onWarning(`${file}: no tokenpace samples`);
  return { file, lines: lineNumber, samples: parser.samples, truncated };
}

function toReportError(file: string, lineNumber: number, error: unknown): ReportError {
  if (error instanceof ReportError) return error;
  // Too many groups, or more samples in one histogram than its 32-bit counts hold.
  if (error instanceof RangeError) {
    return new InputError('REPORT_LIMIT_EXCEEDED', file, lineNumber, error.message, { cause: error });
  }
  if (isZlibError(error)) {
    const reason = (error as Error).message;
    return new InputError(
      'REPORT_CORRUPT_GZIP',
      file,
      undefined,
      `corrupt gzip data after line ${lineNumber} (${reason})`,
      {
        cause: error,
      },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new InputError('REPORT_FILE_UNREADABLE', file, undefined, `cannot read: ${reason}`, {
    cause: error,
  });
}
