import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { RequestPipeline } from './request-pipeline.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The request stages features contribute to (see REQUEST_STAGES). */
    tokenpacePipeline: RequestPipeline;
  }
}

/** Runs the request pipeline's stages as the server's one `preHandler`, in their declared order. */
async function pipeline(app: FastifyInstance): Promise<void> {
  const requestPipeline = new RequestPipeline();
  app.decorate('tokenpacePipeline', requestPipeline);
  // A callback hook: it runs on every request and needs no promise.
  app.addHook('preHandler', (request, reply, done) => requestPipeline.run(request, reply, done));
}

export default fastifyPlugin(pipeline, { name: 'tokenpace-pipeline', fastify: '5.x' });
