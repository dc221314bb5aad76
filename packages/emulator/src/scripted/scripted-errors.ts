import { ApiError } from '../errors/api-error.js';

/** A rule's module threw or returned something other than `{ text }`: a 500, with the cause in the log. */
export class ScriptedModuleError extends ApiError {
  readonly status = 500;
  readonly type = 'server_error';
  readonly reason = 'scripted_module_failed';

  constructor(rule: string, cause: unknown) {
    super({ message: 'The server had an error while processing your request. Sorry about that!' });
    this.cause = { rule, error: cause instanceof Error ? cause.message : String(cause) };
  }
}
