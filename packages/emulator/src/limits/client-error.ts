import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { MalformedRequestError } from '../errors/catalogue.js';

/** Statuses and words of the errors Node's HTTP parser reports before any route sees the request. */
function describeClientError(code: string | undefined): { status: number; message: string } {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'The request was not received in time.' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'The request headers are larger than the server accepts.' };
    default:
      return { status: 400, message: 'The request is not valid HTTP.' };
  }
}

/**
 * Answers a request that Node's HTTP parser rejected (malformed request line or headers, headers too large, a
 * request that took too long to arrive) in OpenAI's error shape, then closes the connection, as Node does. The
 * text never echoes the request, so nothing the client sent reaches a header.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, message } = describeClientError(error.code);
    const body = JSON.stringify(new MalformedRequestError(status, message).toBody());
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}
