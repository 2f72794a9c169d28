/**
 * Where the help center shows an article: the deployment's address template with `{articleId}`
 * and `{locale}` filled in (each URL-encoded), e.g. `https://help.example.com/{locale}/articles/{articleId}`.
 * One home for the mail's article lines and the address the API offers the desk's composer.
 */
export function helpCenterArticleAddress(template: string, article: { articleId: string; locale: string }): string {
  return template
    .replaceAll('{articleId}', encodeURIComponent(article.articleId))
    .replaceAll('{locale}', encodeURIComponent(article.locale));
}
