#!/usr/bin/env node
// The bare-Node baseline of the unary benchmark: node:http answering every request with one
// precomputed body (the emulator's own response, so the size and content type match), nothing else.
//
//   node bench/lib/baseline-server.mjs PORT BODY_FILE CONTENT_TYPE
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, bodyFile, contentType] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const headers = { 'content-type': contentType, 'content-length': String(body.length) };

const server = createServer((request, response) => {
  // Read the request to its end, as any real handler must, then answer.
  request.resume();
  request.once('end', () => {
    response.writeHead(200, headers);
    response.end(body);
  });
});
server.listen(Number(port), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
