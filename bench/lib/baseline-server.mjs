#!/usr/bin/env node
// Baselines of the unary benchmark, each answering every request with one precomputed body (the
// emulator's own response, so size and content type match) and doing nothing else:
//   node     bare node:http, reading the request to its end;
//   fastify  the emulator's own fastify, parsing the JSON body as the emulator's route does, without
//            logging, schemas or hooks: the floor of the framework the emulator is built on.
//
//   node bench/lib/baseline-server.mjs node|fastify PORT BODY_FILE CONTENT_TYPE
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BENCH_DIR } from './stats.mjs';

const [mode, port, bodyFile, contentType] = process.argv.slice(2);
const body = readFileSync(bodyFile);

async function listenNode() {
  const headers = { 'content-type': contentType, 'content-length': String(body.length) };
  const server = createServer((request, response) => {
    request.resume();
    request.once('end', () => {
      response.writeHead(200, headers);
      response.end(body);
    });
  });
  await new Promise((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
  return () => server.close();
}

async function listenFastify() {
  // The emulator's dependency, resolved from its package: the same version it runs on.
  const requireFromEmulator = createRequire(join(BENCH_DIR, '..', 'packages', 'emulator', 'package.json'));
  const fastify = requireFromEmulator('fastify');
  const app = fastify({ logger: false });
  app.post('/v1/chat/completions', async (_request, reply) => reply.type(contentType).send(body));
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  return () => app.close();
}

const listeners = { node: listenNode, fastify: listenFastify };
if (!(mode in listeners)) throw new Error(`mode must be node or fastify, got ${mode}`);
const close = await listeners[mode]();
process.once('SIGTERM', async () => {
  await close();
  process.exit(0);
});
