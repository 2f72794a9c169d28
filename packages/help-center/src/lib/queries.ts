import { graphql } from './graphql';

/** Every GraphQL document of the help center (visitors read published articles only). */

export const HomeQuery = graphql(`
  query HelpCenterHome($locale: String!) {
    kbCategories(locale: $locale) {
      id
      name
      parentId
      articles
    }
    popularArticles(locale: $locale, first: 6) {
      articleId
    }
  }
`);

export const ArticleCardQuery = graphql(`
  query HelpCenterArticleCard($id: ID!) {
    article(id: $id) {
      articleId
      locale
      title
      excerpt
    }
  }
`);

export const CategoryQuery = graphql(`
  query HelpCenterCategory($locale: String!, $categoryId: ID!) {
    kbCategories(locale: $locale) {
      id
      name
      parentId
      articles
    }
    articles(status: "published", locale: $locale, categoryId: $categoryId, first: 100) {
      items {
        articleId
        locale
        title
      }
    }
  }
`);

export const SearchQuery = graphql(`
  query HelpCenterSearch($text: String!, $locale: String!) {
    searchArticles(text: $text, locale: $locale, first: 20) {
      text
      correctedText
      noHits
      items {
        articleId
        locale
        title
        snippet
      }
    }
  }
`);

export const ArticleQuery = graphql(`
  query HelpCenterArticle($id: ID!) {
    article(id: $id) {
      articleId
      locale
      title
      excerpt
      bodyHtml
      categoryId
      related
      publishedVersion
      updatedAt
      translations {
        articleId
        locale
      }
    }
  }
`);

export const ArticleTitleQuery = graphql(`
  query HelpCenterArticleTitle($id: ID!) {
    article(id: $id) {
      articleId
      locale
      title
    }
  }
`);

export const SitemapPageQuery = graphql(`
  query HelpCenterSitemapPage($locale: String!, $after: String) {
    articles(status: "published", locale: $locale, first: 100, after: $after) {
      items {
        articleId
        locale
        updatedAt
      }
      nextCursor
    }
  }
`);

export const TranslationsQuery = graphql(`
  query HelpCenterTranslations($id: ID!) {
    article(id: $id) {
      translations {
        articleId
        locale
      }
    }
  }
`);

export const RecordViewMutation = graphql(`
  mutation HelpCenterRecordView($articleId: ID!, $version: Int!, $visitorId: String!) {
    recordArticleView(input: { articleId: $articleId, version: $version, visitorId: $visitorId }) {
      id
    }
  }
`);

export const VoteMutation = graphql(`
  mutation HelpCenterVote($articleId: ID!, $version: Int!, $helpful: Boolean!, $comment: String, $visitorId: String!) {
    voteOnArticle(
      input: { articleId: $articleId, version: $version, helpful: $helpful, comment: $comment, visitorId: $visitorId }
    ) {
      id
    }
  }
`);
