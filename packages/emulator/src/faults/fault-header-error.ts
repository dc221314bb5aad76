import { FaultParseError } from '@tokenpace/core';
import { ApiError } from '../errors/api-error.js';

/** An invalid X-Error, X-Error-Rate, X-Error-Mode, X-Error-Retry-After-Ms, X-Fault or X-Should-Retry header. */
export class InvalidFaultHeaderError extends ApiError {
  readonly status = 400;
  readonly type = 'invalid_request_error';
  readonly reason = 'invalid_fault_value';

  constructor(header: string, message: string) {
    super({ message, param: header, code: 'invalid_fault_value' });
  }
}

/** Runs a parser of header text, turning its FaultParseError into the 400 that names the header. */
export function parseHeader<Value>(parse: () => Value): Value {
  try {
    return parse();
  } catch (error) {
    if (error instanceof FaultParseError) throw new InvalidFaultHeaderError(error.param, error.message);
    throw error;
  }
}
