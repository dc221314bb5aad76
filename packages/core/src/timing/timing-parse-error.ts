/** Longest slice of the offending text quoted in a message; headers can be kilobytes long. */
const MAX_QUOTED_CHARS = 80;

/**
 * An invalid latency or output-length value. The emulator renders it as a 400
 * `invalid_request_error` whose `param` is this error's `param` (the header or config key).
 */
export class TimingParseError extends Error {
  readonly code = 'invalid_timing_value' as const;
  readonly param: string;

  constructor(param: string, message: string) {
    super(message);
    this.name = 'TimingParseError';
    this.param = param;
  }
}

/** "X-TTFT-MS header" for header names, the bare name for config keys such as "defaults.ttftMs". */
export function describeParam(param: string): string {
  return /^x-[a-z0-9-]+$/i.test(param) ? `${param} header` : param;
}

/** The offending text as the message quotes it: shortened, and with control characters made visible. */
export function quoteValue(text: string): string {
  const shortened = text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
  const visible = shortened.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
  return `'${visible}'`;
}

export function timingError(param: string, text: string, reason: string): TimingParseError {
  return new TimingParseError(param, `Invalid ${describeParam(param)}: ${quoteValue(text)} ${reason}`);
}
