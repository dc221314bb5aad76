import { findRule, RESPONSE_HEADER_RULE } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { asyncStageHook } from '../pipeline/request-pipeline.js';
import { addResponseHeaders } from '../plugins/response-headers.js';
import { resolveRequestTiming } from '../plugins/timing.js';
import { loadRuleModules } from './rule-modules.js';
import { requestView, scriptedText } from './scripted-answer.js';
import type { ScriptedRule } from './scripted-rule.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The scripted rule that matched this request, once the scripted plugin ran; null when none did. */
    scriptedRule: ScriptedRule | null;
  }
}

/**
 * Scripted responses: the first rule (by priority) whose model, content and system patterns match a chat or
 * legacy completion decides its text, its timing (over the configured defaults; headers still win), and the
 * errors and faults the faults plugin applies. The text is streamed one token per event and counted exactly.
 */
async function scripted(app: FastifyInstance): Promise<void> {
  const { config, clock } = app.tokenpace;
  const rules = config.scripted.rules;
  app.decorateRequest('scriptedRule', null);
  if (rules.length === 0) return;
  await loadRuleModules(rules);
  // After timing is resolved (its stage comes first), so a rule without timing keeps the timing already drawn.
  app.tokenpacePipeline.add(
    'apply-rules',
    asyncStageHook(async (request) => {
      if (request.routeOptions.config.timed !== true) return;
      const view = requestView(request);
      if (view === null) return;
      const rule = findRule(rules, view);
      if (rule === undefined) return;
      request.scriptedRule = rule;
      addResponseHeaders(request, { [RESPONSE_HEADER_RULE]: rule.name });
      const exchange = request.exchange;
      const { ttft, itl, outputLength } = rule.timing;
      if (ttft !== null || itl !== null || outputLength !== null) {
        exchange.timing = resolveRequestTiming(request, {
          ttft: ttft ?? config.timing.ttft,
          itl: itl ?? config.timing.itl,
          outputLength: outputLength ?? config.timing.outputLength,
        });
      }
      const text = await scriptedText(request, rule, view, clock.epochMs());
      if (text === null || exchange.timing === null) return;
      exchange.scriptedText = text;
      // The text sets the output length: it is what the response headers and the schedule report.
      exchange.timing = { ...exchange.timing, outputLength: text.tokenCount };
    }),
  );
}

export default fastifyPlugin(scripted, {
  name: 'tokenpace-scripted',
  fastify: '5.x',
  dependencies: ['tokenpace-services', 'tokenpace-exchange', 'tokenpace-pipeline', 'tokenpace-timing'],
});
