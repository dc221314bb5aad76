import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';
import { isTruncatedGzip, openInputStream } from '../input-stream.js';

/**
 * Calls `onLine` for every line of a plain or gzip file, streamed. A gzip stream cut short (a writer stopped
 * mid-write) ends the read with a warning; other read errors are an InputError naming the file.
 */
export async function forEachLine(
  file: string,
  onLine: (line: string, lineNumber: number) => void,
  onWarning: (message: string) => void,
): Promise<number> {
  const input = await openInputStream(file);
  const reader = createInterface({ input: input.stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  try {
    for await (const line of reader) {
      lineNumber += 1;
      onLine(line, lineNumber);
    }
  } catch (error) {
    if (input.gzip && isTruncatedGzip(error)) {
      onWarning(`${file}: gzip stream ends early after line ${lineNumber}; the rest is lost`);
      return lineNumber;
    }
    if (error instanceof InputError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError('REPORT_FILE_UNREADABLE', file, lineNumber, `cannot read: ${reason}`, {
      cause: error,
    });
  }
  return lineNumber;
}
