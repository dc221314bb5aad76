import { Agent, createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Milliseconds on the monotonic clock. */
function nowMs(): number {
  return performance.now();
}

/**
 * Runs actions at their due times on the monotonic clock, never before, and always in the order they were
 * added (an end must not overtake the last events): a timer (which may fire up to a millisecond early against
 * this clock, as libuv counts whole milliseconds), then turns of the event loop until the first is due, which
 * leave other streams' I/O running.
 */
function orderedSchedule(): (dueMs: number, action: () => void) => void {
  const queue: { dueMs: number; action: () => void }[] = [];
  const drain = (): void => {
    while (queue.length > 0 && nowMs() >= (queue[0]?.dueMs ?? 0)) queue.shift()?.action();
    if (queue.length > 0) setImmediate(drain);
  };
  return (dueMs, action) => {
    queue.push({ dueMs, action });
    if (queue.length === 1) setTimeout(drain, Math.max(0, dueMs - nowMs() - 1));
  };
}

/**
 * A reverse proxy that holds every server-sent event (and a whole non-streamed body) exactly `delayMs` after it
 * arrived from upstream, then forwards it; requests go upstream at once. Events keep their order, and each is
 * delayed by the same amount, so the gaps between tokens are unchanged and the first token and the end are
 * `delayMs` later: the known overhead the attribution must find.
 */
export async function startDelayProxy(
  upstream: URL,
  delayMs: number,
): Promise<{ url: string; server: Server }> {
  const agent = new Agent({ keepAlive: true });
  const server = createServer((incoming, outgoing) => {
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
        agent,
      },
      (answer: IncomingMessage) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.flushHeaders();
        outgoing.socket?.setNoDelay(true);
        const at = orderedSchedule();
        let pending = '';
        answer.setEncoding('utf8');
        answer.on('data', (text: string) => {
          const arrivedMs = nowMs();
          pending += text;
          // Complete events end with a blank line; a non-event body is forwarded at its end.
          const end = pending.lastIndexOf('\n\n');
          if (end === -1) return;
          const events = pending.slice(0, end + 2);
          pending = pending.slice(end + 2);
          at(arrivedMs + delayMs, () => outgoing.write(events));
        });
        answer.on('end', () => {
          const rest = pending;
          at(nowMs() + delayMs, () => outgoing.end(rest));
        });
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  server.on('close', () => agent.destroy());
  return { url: `http://127.0.0.1:${port}`, server };
}
