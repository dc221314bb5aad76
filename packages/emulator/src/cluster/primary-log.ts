import { hostname } from 'node:os';
import type { LogLevel } from '../config/config-schema.js';

/** pino's numeric levels: the primary's lines read like the workers' (fastify's pino) lines. */
const LEVEL_VALUES: Readonly<Record<LogLevel, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

export type PrimaryLogLevel = Exclude<LogLevel, 'silent'>;

export function isLogLevel(text: string): text is LogLevel {
  return Object.hasOwn(LEVEL_VALUES, text);
}

/** A logger that writes one JSON line per call; the primary has no fastify and needs no more. */
export interface PrimaryLog {
  write(level: PrimaryLogLevel, fields: Record<string, unknown>, message: string): void;
}

export function createPrimaryLog(level: LogLevel, output: { write(text: string): unknown }): PrimaryLog {
  const threshold = LEVEL_VALUES[level];
  const base = { pid: process.pid, hostname: hostname(), role: 'primary' };
  return {
    write(lineLevel, fields, message) {
      const value = LEVEL_VALUES[lineLevel];
      if (value < threshold) return;
      output.write(
        `${JSON.stringify({ level: value, time: Date.now(), ...base, ...fields, msg: message })}\n`,
      );
    },
  };
}
