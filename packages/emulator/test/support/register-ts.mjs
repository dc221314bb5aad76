// `node --import <this file> src/cli.ts`: runs the TypeScript source (see ts-hooks.mjs).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
