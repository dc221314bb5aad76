import { type Static, Type } from 'typebox';
import { Nullable } from '../wire/common.js';

/** One model as `GET /v1/models` lists it for Anthropic's clients. */
export const AnthropicModelInfo = Type.Object(
  {
    type: Type.Literal('model'),
    id: Type.String(),
    display_name: Type.String(),
    /** RFC 3339. */
    created_at: Type.String(),
  },
  { additionalProperties: false },
);
export type AnthropicModelInfo = Static<typeof AnthropicModelInfo>;

/** A page of models; the SDKs page on with `after_id = last_id` while `has_more`. */
export const AnthropicModelPage = Type.Object(
  {
    data: Type.Array(AnthropicModelInfo),
    has_more: Type.Boolean(),
    first_id: Nullable(Type.String()),
    last_id: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type AnthropicModelPage = Static<typeof AnthropicModelPage>;

export function anthropicModelInfo(id: string, createdAt: string): AnthropicModelInfo {
  return { type: 'model', id, display_name: id, created_at: createdAt };
}

export interface ModelPageQuery {
  limit: number;
  beforeId: string | null;
  afterId: string | null;
}

/**
 * The page of `models` a query asks for: up to `limit` models after `afterId`, or the last `limit` before
 * `beforeId`, in list order. An id the list does not hold pages from the start (after) or the end (before).
 */
export function anthropicModelPage(
  models: readonly AnthropicModelInfo[],
  query: ModelPageQuery,
): AnthropicModelPage {
  let start = 0;
  let end = models.length;
  if (query.beforeId !== null) {
    const index = models.findIndex((model) => model.id === query.beforeId);
    end = index < 0 ? models.length : index;
    start = Math.max(0, end - query.limit);
  } else if (query.afterId !== null) {
    const index = models.findIndex((model) => model.id === query.afterId);
    start = index < 0 ? 0 : index + 1;
    end = Math.min(models.length, start + query.limit);
  } else {
    end = Math.min(models.length, query.limit);
  }
  const data = models.slice(start, end);
  const hasMore = query.beforeId !== null ? start > 0 : end < models.length;
  return { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
