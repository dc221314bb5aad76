/** Stable codes of the errors raised by the token functions; callers map them to HTTP errors. */
export type TokensErrorCode =
  | 'invalid_token_count'
  | 'invalid_max_tokens'
  | 'invalid_seed'
  | 'invalid_stop'
  | 'invalid_prompt_input';

/** A caller passed a value the token functions cannot work with (the emulator validates first). */
export class TokensError extends Error {
  override readonly name = 'TokensError';
  readonly code: TokensErrorCode;

  constructor(code: TokensErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
