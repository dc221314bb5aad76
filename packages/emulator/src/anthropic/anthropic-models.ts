import {
  type AnthropicModelInfo,
  type AnthropicModelPage,
  anthropicModelInfo,
  anthropicModelPage,
} from '@tokenpace/core';
import type { ModelCatalogue } from '../models/model-catalogue.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 1000;

export interface ModelsQuery {
  limit?: string;
  before_id?: string;
  after_id?: string;
}

function info(catalogue: ModelCatalogue, id: string): AnthropicModelInfo {
  const model = catalogue.retrieve(id);
  return anthropicModelInfo(model.id, `${new Date(model.created * 1000).toISOString().slice(0, 19)}Z`);
}

function pageSize(limit: string | undefined): number {
  const size = Number(limit);
  return Number.isInteger(size) && size >= 1 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

/** `GET /v1/models` in Anthropic's shape: a page of the listed models (`limit`, `before_id`, `after_id`). */
export function anthropicModels(catalogue: ModelCatalogue, query: ModelsQuery): AnthropicModelPage {
  const models = catalogue.list().data.map((model) => info(catalogue, model.id));
  return anthropicModelPage(models, {
    limit: pageSize(query.limit),
    beforeId: query.before_id ?? null,
    afterId: query.after_id ?? null,
  });
}

/** `GET /v1/models/{id}` in Anthropic's shape. */
export function anthropicModel(catalogue: ModelCatalogue, id: string): AnthropicModelInfo {
  return info(catalogue, id);
}
