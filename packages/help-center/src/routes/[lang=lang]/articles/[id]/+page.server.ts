import { error, fail, redirect } from '@sveltejs/kit';
import { base } from '$app/paths';
import { articleAlternates, articlePath } from '$lib/hreflang';
import { isLanguage } from '$lib/i18n';
import { ArticleQuery, ArticleTitleQuery, RecordViewMutation, VoteMutation } from '$lib/queries';
import { ApiRefusal, ask } from '$lib/server/api';
import { contextOf, type HelpCenterContext } from '$lib/server/context';
import { originOf } from '$lib/server/origin';
import { visitorId } from '$lib/server/visitor';
import type { Actions, PageServerLoad } from './$types';
import { MAX_COMMENT } from './limits';

async function publishedArticle(context: HelpCenterContext, id: string) {
  const { article } = await ask(context, ArticleQuery, { id }).catch((refusal: unknown) => {
    // An id the API refuses as malformed is a page that does not exist.
    if (refusal instanceof ApiRefusal) return { article: null };
    throw refusal;
  });
  if (article === null || article.publishedVersion === null || !isLanguage(article.locale))
    error(404, 'No such article');
  return { ...article, publishedVersion: article.publishedVersion };
}

/**
 * An article's page: its body (rendered and sanitized by the engine), related articles, its
 * translations as hreflang alternates. The view is recorded for the visitor of the help center's
 * cookie (as the system, on their behalf), once per visitor, article and day by the engine.
 */
export const load: PageServerLoad = async ({ cookies, locals, params, platform, url }) => {
  const context = contextOf(platform);
  const article = await publishedArticle(context, params.id);
  // An article has one address: its own language's.
  if (article.locale !== locals.language) redirect(308, articlePath(base, article));
  const related = await Promise.all(
    article.related.map(async (id) => (await ask(context, ArticleTitleQuery, { id }).catch(() => null))?.article),
  );
  if (context.systemToken !== null) {
    const variables = {
      articleId: article.articleId,
      version: article.publishedVersion,
      visitorId: visitorId(cookies, url),
    };
    // A view not counted does not stop the page.
    await ask(context, RecordViewMutation, variables, true).catch(() => undefined);
  }
  const origin = originOf(context, url);
  return {
    article,
    related: related.flatMap((found) => (found === null || found === undefined ? [] : [found])),
    alternates: articleAlternates(origin, base, article),
    canonical: `${origin}${articlePath(base, article)}`,
    voting: context.systemToken !== null,
  };
};

export const actions: Actions = {
  /** "Was this helpful?": yes or no with an optional comment, on the published version, as the visitor. */
  vote: async ({ cookies, params, platform, request, url }) => {
    const context = contextOf(platform);
    const form = await request.formData();
    const helpful = form.get('helpful');
    const comment = String(form.get('comment') ?? '').trim();
    if (helpful !== 'yes' && helpful !== 'no') return fail(400, { error: 'vote.failed' as const });
    if (comment.length > MAX_COMMENT) return fail(400, { error: 'vote.tooLong' as const, comment });
    if (context.systemToken === null) return fail(403, { error: 'vote.failed' as const });
    const article = await publishedArticle(context, params.id);
    try {
      await ask(
        context,
        VoteMutation,
        {
          articleId: article.articleId,
          version: article.publishedVersion,
          helpful: helpful === 'yes',
          comment: comment === '' ? null : comment,
          visitorId: visitorId(cookies, url),
        },
        true,
      );
    } catch (refusal) {
      if (refusal instanceof ApiRefusal) return fail(400, { error: 'vote.failed' as const, comment });
      throw refusal;
    }
    return { voted: true };
  },
};
