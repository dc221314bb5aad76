import {
  type EncodingName,
  encodingForModel,
  type Model,
  type ModelList,
  modelList,
  modelObject,
} from '@tokenpace/core';
import { ModelNotFoundError } from '../errors/catalogue.js';

const OWNER = 'tokenpace';

/** The models the server lists, and whether an unknown model id is an error (`strictModels`) or just works. */
export class ModelCatalogue {
  readonly #ids: ReadonlySet<string>;
  readonly #strict: boolean;
  readonly #createdSeconds: number;
  readonly #list: ModelList;
  readonly #encodings: Readonly<Record<string, EncodingName>>;

  constructor(
    ids: readonly string[],
    strict: boolean,
    createdSeconds: number,
    encodings: Readonly<Record<string, EncodingName>> = {},
  ) {
    this.#ids = new Set(ids);
    this.#encodings = encodings;
    this.#strict = strict;
    this.#createdSeconds = createdSeconds;
    this.#list = modelList(ids.map((id) => this.#model(id)));
  }

  list(): ModelList {
    return this.#list;
  }

  /** The model with this id; an unlisted id is served too, unless the catalogue is strict. */
  retrieve(id: string): Model {
    this.require(id);
    return this.#model(id);
  }

  /** Throws ModelNotFoundError for an unlisted id when strict. */
  require(id: string): void {
    if (this.#strict && !this.#ids.has(id)) throw new ModelNotFoundError(id);
  }

  /** The encoding `model`'s tokens are counted in: the one the models list gives it, else its name's. */
  encodingOf(model: string): EncodingName {
    return Object.hasOwn(this.#encodings, model)
      ? (this.#encodings[model] as EncodingName)
      : encodingForModel(model);
  }

  #model(id: string): Model {
    return modelObject({ id, created: this.#createdSeconds, ownedBy: OWNER });
  }
}
