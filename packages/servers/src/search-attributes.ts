import { type SearchAttributeType, SearchAttributeType as SearchAttributeTypes } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * Whether the namespace knows every one of `searchAttributes`; registers those it lacks and
 * answers false, so the caller asks again until the server shows them. A data folder made before
 * a release added an attribute gains it this way: the dev server registers its
 * `--search-attribute` flags only when it creates its database.
 */
export async function ensureSearchAttributes(
  env: TestWorkflowEnvironment,
  namespace: string,
  searchAttributes: readonly SearchAttributeKey<SearchAttributeType>[],
): Promise<boolean> {
  const registered = Object.keys(
    (await env.connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {},
  );
  const missing = searchAttributes.filter((key) => !registered.includes(key.name));
  if (missing.length === 0) return true;
  await env.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_VALUE_TYPES[key.type]])),
  });
  return false;
}

// The operator API's IndexedValueType numbers for the SDK's search attribute types.
const INDEXED_VALUE_TYPES: Readonly<Record<SearchAttributeType, number>> = {
  [SearchAttributeTypes.TEXT]: 1,
  [SearchAttributeTypes.KEYWORD]: 2,
  [SearchAttributeTypes.INT]: 3,
  [SearchAttributeTypes.DOUBLE]: 4,
  [SearchAttributeTypes.BOOL]: 5,
  [SearchAttributeTypes.DATETIME]: 6,
  [SearchAttributeTypes.KEYWORD_LIST]: 7,
};
