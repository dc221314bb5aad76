import { type Static, Type } from 'typebox';
import { Count } from './common.js';

export const Model = Type.Object(
  { id: Type.String(), object: Type.Literal('model'), created: Count, owned_by: Type.String() },
  { additionalProperties: false },
);
export type Model = Static<typeof Model>;

/** `GET /v1/models`. */
export const ModelList = Type.Object(
  { object: Type.Literal('list'), data: Type.Array(Model) },
  { additionalProperties: false },
);
export type ModelList = Static<typeof ModelList>;

export function modelObject(model: { id: string; created: number; ownedBy: string }): Model {
  return { id: model.id, object: 'model', created: model.created, owned_by: model.ownedBy };
}

export function modelList(models: readonly Model[]): ModelList {
  return { object: 'list', data: [...models] };
}
