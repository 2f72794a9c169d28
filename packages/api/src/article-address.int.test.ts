import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// A title suggestion carries the article's help-center address when the deployment names one:
// what the desk's composer links in a reply.

let h: ApiHarness;
let writer: string;
let lead: string;

async function run(mutation: string, input: Record<string, unknown>, token: string) {
  const name = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const response = await h.gql(
    `mutation($input: ${name}!) { ${mutation}(input: $input) { consistencyToken } }`,
    { input },
    token,
  );
  return field<{ consistencyToken: string }>(response, mutation);
}

beforeAll(async () => {
  h = await createApiHarness({
    config: { helpCenterArticleUrl: 'https://help.example.com/{locale}/articles/{articleId}' },
  });
  writer = await h.token('agent', 'agent-writer');
  lead = await h.token('supervisor', 'lead-kb');
});
afterAll(async () => h?.close());

describe('autocompleteArticles', () => {
  it("gives each title its address in the deployment's help center", async () => {
    const content = { locale: 'fr', title: 'Réinitialiser le mot de passe', slug: 'reinitialiser', body: 'Étapes.' };
    await run('createArticleDraft', { articleId: 'kb reset', ...content }, writer);
    await run('submitArticleForReview', { articleId: 'kb reset' }, writer);
    const approved = await run('approveArticle', { articleId: 'kb reset' }, lead);
    const titles = field<{ articleId: string; url: string | null }[]>(
      await h.gql(
        'query($t: String) { autocompleteArticles(text: "Réinit", consistencyToken: $t) { articleId url } }',
        { t: approved.consistencyToken },
        writer,
      ),
      'autocompleteArticles',
    );
    expect(titles).toEqual([{ articleId: 'kb reset', url: 'https://help.example.com/fr/articles/kb%20reset' }]);
  });
});
