import type { FastifyReply, FastifyRequest } from 'fastify';
import { openAiHeaders } from '../plugins/openai-headers.js';
import { SSE_HEADERS } from './sse.js';
import { ResponseSink } from './stream-sink.js';
import { type StreamPlan, TokenStream } from './token-stream.js';

/**
 * Answers with a server-sent event stream: headers and `opening` at once, then the plan's steps on the shared
 * scheduler. The reply is hijacked: bytes go straight to the socket, with Nagle off, and a client disconnect
 * cancels the stream's deadlines at once.
 */
export function sendEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  opening: string,
  plannedSteps: StreamPlan,
): FastifyReply {
  const { scheduler, clock, inFlight, deliveryHooks } = request.server.tokenpace;
  const plan = deliveryHooks.planFor(request, plannedSteps);
  const exchange = request.exchange;
  reply.hijack();
  let stream: TokenStream | null = null;
  const sink = new ResponseSink(reply.raw, () => stream?.abort());
  sink.open(200, { ...SSE_HEADERS, ...openAiHeaders(request, clock.now()) });
  if (opening !== '') sink.write(opening);
  stream = new TokenStream(
    scheduler,
    sink,
    plan,
    (outcome) => {
      exchange.maxLatenessUs = outcome.maxLatenessUs;
      exchange.blockedMs = outcome.blockedMs;
      exchange.streamEnd = outcome.end;
    },
    inFlight,
  );
  stream.observer = deliveryHooks.observerFor(request, plan);
  stream.start();
  return reply;
}
