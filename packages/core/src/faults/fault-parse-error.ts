import { describeParam, quoteValue } from '../timing/timing-parse-error.js';

/**
 * An invalid error-injection or fault value (X-Error, X-Error-Rate, X-Error-Mode, X-Fault or their config
 * keys). The emulator answers it as a 400 `invalid_request_error` whose `param` is this error's `param`.
 */
export class FaultParseError extends Error {
  readonly code = 'invalid_fault_value' as const;
  readonly param: string;

  constructor(param: string, message: string) {
    super(message);
    this.name = 'FaultParseError';
    this.param = param;
  }
}

export function faultError(param: string, text: string, reason: string): FaultParseError {
  return new FaultParseError(param, `Invalid ${describeParam(param)}: ${quoteValue(text)} ${reason}`);
}
