import { maskApiKey } from '@tokenpace/core';
import { ApiError } from '../errors/api-error.js';

const API_KEYS_LINK = 'You can obtain an API key from https://platform.openai.com/account/api-keys.';

/** No key on a request to a server that requires one: the API's wording, code null. */
export class MissingApiKeyError extends ApiError {
  readonly status = 401;
  readonly type = 'invalid_request_error';
  readonly reason = 'missing_api_key';

  constructor() {
    super({
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer " +
        "auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're " +
        `accessing the API from your browser and are prompted for a username and password. ${API_KEYS_LINK}`,
    });
  }
}

/** A key the server does not accept, quoted masked as the API quotes it. */
export class IncorrectApiKeyError extends ApiError {
  readonly status = 401;
  readonly type = 'invalid_request_error';
  readonly reason = 'invalid_api_key';

  constructor(presented: string) {
    super({
      message:
        `Incorrect API key provided: ${maskApiKey(presented)}. You can find your API key at ` +
        'https://platform.openai.com/account/api-keys.',
      code: 'invalid_api_key',
    });
  }
}
