import {
  anthropicRequestView,
  chatRequestView,
  completionRequestView,
  type EncodingName,
  type RequestView,
  renderTemplate,
  responsesRequestView,
  type TokenPieces,
  tokenizeToPieces,
} from '@tokenpace/core';
import type { FastifyRequest } from 'fastify';
import { respondFunction, type ScriptedAnswer, type ScriptedRequest } from './rule-modules.js';
import { ScriptedModuleError } from './scripted-errors.js';
import type { ScriptedRule } from './scripted-rule.js';

/** Text of fixed responses split once per rule and encoding: the split never changes. */
const fixedPieces = new WeakMap<ScriptedRule, Map<EncodingName, TokenPieces>>();

/** What rules match against, from a chat or legacy completion body; null for other routes. */
export function requestView(request: FastifyRequest): RequestView | null {
  const body = request.body as { model?: unknown; messages?: unknown; prompt?: unknown } | null;
  if (body === null || typeof body !== 'object' || typeof body.model !== 'string') return null;
  // A Messages body keeps its system prompt beside the turns.
  if (request.url.startsWith('/v1/messages')) return anthropicRequestView(body.model, body);
  if (request.url.startsWith('/v1/responses')) {
    const { input, instructions } = body as { input?: unknown; instructions?: unknown };
    return responsesRequestView(body.model, input, instructions);
  }
  if (Array.isArray(body.messages)) return chatRequestView(body.model, body.messages);
  if ('prompt' in body) return completionRequestView(body.model, body.prompt);
  return null;
}

function withoutCredentials(request: FastifyRequest): Record<string, string | string[] | undefined> {
  const {
    authorization: _authorization,
    'api-key': _apiKey,
    'x-api-key': _anthropicKey,
    ...headers
  } = request.headers;
  return headers;
}

function isAnswer(value: unknown): value is ScriptedAnswer {
  if (value === null || value === undefined) return true;
  return typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string';
}

async function moduleText(request: FastifyRequest, rule: ScriptedRule, path: string, view: RequestView) {
  const scriptedRequest: ScriptedRequest = {
    id: request.id,
    model: view.model,
    path: request.routeOptions.url ?? request.url,
    body: structuredClone(request.body),
    lastUserMessage: view.lastUserMessage,
    systemPrompt: view.systemPrompt,
    headers: withoutCredentials(request),
    rule: rule.name,
  };
  let answer: unknown;
  try {
    answer = await respondFunction(path)(scriptedRequest);
  } catch (error) {
    throw new ScriptedModuleError(rule.name, error);
  }
  if (!isAnswer(answer)) {
    throw new ScriptedModuleError(
      rule.name,
      `respond returned ${JSON.stringify(answer) ?? String(answer)}, not { text }`,
    );
  }
  return answer?.text ?? null;
}

/**
 * The text `rule` answers `request` with, split into token pieces for its model's encoding; null when the
 * rule gives no text (or its module declines), so the request gets generated output.
 */
export async function scriptedText(
  request: FastifyRequest,
  rule: ScriptedRule,
  view: RequestView,
  epochMs: number,
): Promise<TokenPieces | null> {
  const response = rule.response;
  if (response === null) return null;
  // The models list may give a model its encoding (Claude's tokenizer is not public).
  const encoding = request.server.tokenpace.models.encodingOf(view.model);
  switch (response.kind) {
    case 'text': {
      let byEncoding = fixedPieces.get(rule);
      if (byEncoding === undefined) {
        byEncoding = new Map();
        fixedPieces.set(rule, byEncoding);
      }
      let pieces = byEncoding.get(encoding);
      if (pieces === undefined) {
        pieces = tokenizeToPieces(response.text, encoding);
        byEncoding.set(encoding, pieces);
      }
      return pieces;
    }
    case 'template':
      return tokenizeToPieces(
        renderTemplate(response.template, {
          request_id: request.id,
          timestamp: new Date(epochMs).toISOString(),
          model: view.model,
          last_user_message: view.lastUserMessage ?? '',
        }),
        encoding,
      );
    case 'module': {
      const text = await moduleText(request, rule, response.path, view);
      return text === null ? null : tokenizeToPieces(text, encoding);
    }
  }
}
