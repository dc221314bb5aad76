/** Exit codes of the report CLI: 0 all SLOs met, 1 an SLO failed, 2 usage or input error. */
export const EXIT_OK = 0;
export const EXIT_SLO_FAILED = 1;
export const EXIT_USAGE_OR_INPUT = 2;

export type ReportErrorCode =
  | 'REPORT_USAGE'
  | 'REPORT_FILE_NOT_FOUND'
  | 'REPORT_FILE_UNREADABLE'
  | 'REPORT_CORRUPT_GZIP'
  | 'REPORT_INVALID_JSON'
  | 'REPORT_INVALID_SAMPLE'
  | 'REPORT_NO_SAMPLES'
  | 'REPORT_LIMIT_EXCEEDED'
  | 'REPORT_INVALID_HISTOGRAMS'
  | 'REPORT_SLO_SYNTAX';

/** Every error the report raises on purpose; the CLI prints its message and exits with 2. */
export class ReportError extends Error {
  override readonly name: string = 'ReportError';
  readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

export class UsageError extends ReportError {
  override readonly name = 'UsageError';

  constructor(message: string) {
    super('REPORT_USAGE', message);
  }
}

/** A problem at a known place in an input file; the message starts with `file:line:`. */
export class InputError extends ReportError {
  override readonly name = 'InputError';
  readonly file: string;
  readonly line: number | undefined;

  constructor(
    code: ReportErrorCode,
    file: string,
    line: number | undefined,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(code, `${line === undefined ? file : `${file}:${line}`}: ${detail}`, options);
    this.file = file;
    this.line = line;
  }
}

/** An SLO expression that does not parse or does not fit its metric; names the offending part. */
export class SloSyntaxError extends ReportError {
  override readonly name = 'SloSyntaxError';
  readonly expression: string;
  readonly part: string;

  constructor(expression: string, part: string, detail: string) {
    super('REPORT_SLO_SYNTAX', `invalid SLO '${expression}': ${detail} (at '${part}')`);
    this.expression = expression;
    this.part = part;
  }
}
