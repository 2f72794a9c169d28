import DataLoader from 'dataloader';
import type { ApiContext } from '../graphql/context.js';

/** Each request's loaders, by name. */
const loaders = new WeakMap<ApiContext, Map<string, DataLoader<string, unknown>>>();

/**
 * The request's loader called `name`: the keys its resolvers ask for in one tick are fetched by
 * one `batch` call, so a list page's field becomes one query, not one per row. One loader per
 * request, so what it holds is that caller's and nothing is shared between callers; `name` says
 * what the values are (and, when it matters, for whom they were read).
 */
export function requestLoader<V>(
  context: ApiContext,
  name: string,
  batch: (keys: readonly string[]) => Promise<readonly V[]>,
): DataLoader<string, V> {
  let byName = loaders.get(context);
  if (byName === undefined) {
    byName = new Map();
    loaders.set(context, byName);
  }
  let loader = byName.get(name) as DataLoader<string, V> | undefined;
  if (loader === undefined) {
    loader = new DataLoader(batch);
    byName.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
