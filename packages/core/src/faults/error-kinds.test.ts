import { describe, expect, it } from 'vitest';
import { ERROR_KIND_IDS, errorKind, errorKindMessage, maskApiKey, parseErrorKind } from './error-kinds.js';
import { FaultParseError } from './fault-parse-error.js';

const context = { model: 'gpt-4o', requestId: 'req_0123', retryAfterMs: 1500, apiKey: null };

describe('parseErrorKind', () => {
  it('maps statuses to the API error they stand for', () => {
    const byStatus = Object.fromEntries(
      ['400', '401', '403', '404', '429', '500', '502', '503', '504', '529'].map((status) => {
        const kind = parseErrorKind(status, 'X-Error');
        return [status, [kind.id, kind.status, kind.type, kind.code, kind.retryAfter]];
      }),
    );
    expect(byStatus).toEqual({
      '400': ['bad_request', 400, 'invalid_request_error', null, false],
      '401': ['invalid_api_key', 401, 'invalid_request_error', 'invalid_api_key', false],
      '403': ['permission_denied', 403, 'request_forbidden', 'unsupported_country_region_territory', false],
      '404': ['model_not_found', 404, 'invalid_request_error', 'model_not_found', false],
      '429': ['rate_limit_requests', 429, 'requests', 'rate_limit_exceeded', true],
      '500': ['server_error', 500, 'server_error', null, false],
      '502': ['bad_gateway', 502, 'server_error', null, false],
      '503': ['overloaded', 503, 'server_error', null, true],
      '504': ['gateway_timeout', 504, 'server_error', null, false],
      '529': ['overloaded_error', 529, 'overloaded_error', null, true],
    });
  });

  it('takes kind names in any case', () => {
    expect(parseErrorKind(' Insufficient_Quota ', 'x')).toEqual({
      id: 'insufficient_quota',
      status: 429,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      param: null,
      retryAfter: false,
    });
    for (const id of ERROR_KIND_IDS) expect(parseErrorKind(id, 'x').id).toBe(id);
  });

  it('names the header and lists the choices otherwise', () => {
    expect(() => parseErrorKind('418', 'X-Error')).toThrow(
      new FaultParseError(
        'X-Error',
        "Invalid X-Error header: '418' is not an error to inject; use a status (400, 401, 403, 404, 429, 500, 502, " +
          '503, 504, 529) or one of bad_request, context_length_exceeded, invalid_api_key, permission_denied, ' +
          'model_not_found, rate_limit_requests, rate_limit_tokens, insufficient_quota, server_error, bad_gateway, ' +
          'overloaded, gateway_timeout, overloaded_error.',
      ),
    );
    expect(() => parseErrorKind('__proto__', 'x')).toThrow(FaultParseError);
  });
});

describe('errorKindMessage', () => {
  it("uses the API's wording, quoting model, request id and retry delay", () => {
    expect(errorKindMessage(errorKind('rate_limit_requests'), context)).toBe(
      'Rate limit reached for gpt-4o in organization org-tokenpace on requests per min (RPM). Please try again ' +
        'in 1.5s. Visit https://platform.openai.com/account/rate-limits to learn more.',
    );
    expect(errorKindMessage(errorKind('rate_limit_tokens'), { ...context, retryAfterMs: 20 })).toBe(
      'Rate limit reached for gpt-4o in organization org-tokenpace on tokens per min (TPM). Please try again ' +
        'in 20ms. Visit https://platform.openai.com/account/rate-limits to learn more.',
    );
    expect(errorKindMessage(errorKind('overloaded'), context)).toBe(
      'That model is currently overloaded with other requests. You can retry your request, or contact us ' +
        'through our help center at help.openai.com if the error persists. (Please include the request ID ' +
        'req_0123 in your message.)',
    );
    expect(errorKindMessage(errorKind('server_error'), context)).toBe(
      'The server had an error while processing your request. Sorry about that!',
    );
    expect(errorKindMessage(errorKind('model_not_found'), context)).toBe(
      'The model `gpt-4o` does not exist or you do not have access to it.',
    );
    expect(
      errorKindMessage(errorKind('invalid_api_key'), { ...context, apiKey: 'sk-PMafP0123456789E873' }),
    ).toBe(
      'Incorrect API key provided: sk-PMafP**********E873. You can find your API key at ' +
        'https://platform.openai.com/account/api-keys.',
    );
    expect(errorKindMessage(errorKind('invalid_api_key'), context)).toBe(
      'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
    );
  });

  it('has a message for every kind', () => {
    for (const id of ERROR_KIND_IDS)
      expect(errorKindMessage(errorKind(id), context).length).toBeGreaterThan(5);
  });
});

describe('maskApiKey', () => {
  it('shows the first 8 and last 4 characters as the API does, and hides short keys entirely', () => {
    expect(maskApiKey('sk-WRQsP012345678901234567890123456789012345678xQBt')).toBe(
      `sk-WRQsP${'*'.repeat(39)}xQBt`,
    );
    expect(maskApiKey('sk-abcdefghij')).toBe('sk-abcde*ghij');
    expect(maskApiKey('sk-short')).toBe('********');
    expect(maskApiKey('')).toBe('');
  });
});
