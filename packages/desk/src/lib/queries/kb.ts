import { graphql } from '../graphql/index.ts';

/** A page of the staff's article list (status in_review: the review queue). */
export const KbArticles = graphql(`
  query KbArticles(
    $status: String
    $locale: String
    $categoryId: ID
    $first: Int
    $after: String
    $consistencyToken: String
  ) {
    articles(
      status: $status
      locale: $locale
      categoryId: $categoryId
      first: $first
      after: $after
      consistencyToken: $consistencyToken
    ) {
      items {
        articleId
        locale
        slug
        title
        status
        categoryId
        authorId
        publishedVersion
        revisionStatus
        updatedAt
      }
      nextCursor
    }
  }
`);

/** Full-text search over every article (staff find drafts too). */
export const KbSearch = graphql(`
  query KbSearch($text: String!, $locale: String, $categoryId: ID, $first: Int) {
    searchArticles(text: $text, locale: $locale, categoryId: $categoryId, first: $first) {
      items {
        articleId
        locale
        slug
        title
        status
        categoryId
      }
    }
  }
`);

/** The category tree, named in the desk's language. */
export const KbCategories = graphql(`
  query KbCategories($locale: String) {
    kbCategories(locale: $locale) {
      id
      name
      parentId
    }
  }
`);

/** An article's working text and where it stands, what the caller may do to it now, and its readers' votes. */
export const KbArticle = graphql(`
  query KbArticle($id: ID!, $consistencyToken: String) {
    article(id: $id, consistencyToken: $consistencyToken) {
      articleId
      locale
      slug
      status
      title
      excerpt
      bodyMarkdown
      bodyHtml
      categoryId
      tags
      related
      attachments {
        id
        fileName
        contentType
        size
        url
      }
      authorId
      publishedVersion
      publishedAt
      revisionStatus
      updatedAt
      helpfulVotes
      unhelpfulVotes
      views
      translations {
        articleId
        locale
        slug
      }
    }
    articleCommandChecks(articleId: $id, consistencyToken: $consistencyToken) {
      command
      refusal
    }
    articleFeedback(articleId: $id, first: 50, consistencyToken: $consistencyToken) {
      version
      readerId
      reader {
        name
      }
      helpful
      comment
      votedAt
    }
    articleVersions(articleId: $id, consistencyToken: $consistencyToken) {
      version
      title
      publishedBy
      publishedByName
      publishedAt
      current
    }
  }
`);

/** One published version as it was published. */
export const KbArticleVersion = graphql(`
  query KbArticleVersion($articleId: ID!, $version: Int!) {
    articleVersion(articleId: $articleId, version: $version) {
      version
      title
      bodyHtml
      publishedBy
      publishedByName
      publishedAt
    }
  }
`);

/** The writer's preview: Markdown rendered and sanitized as the article's bodyHtml will be. */
export const KbRenderMarkdown = graphql(`
  query KbRenderMarkdown($markdown: String!) {
    renderArticleMarkdown(markdown: $markdown)
  }
`);

/** The knowledge base's figures over a period. */
export const KbMetrics = graphql(`
  query KbMetrics($from: DateTime!, $to: DateTime!) {
    knowledgeBaseMetrics(from: $from, to: $to) {
      from
      to
      selfService {
        settled
        resolved
        rate
        pending
      }
      articles {
        articleId
        title
        locale
        views
        helpfulVotes
        unhelpfulVotes
        helpfulRatio
      }
      searchGaps {
        query
        locale
        searches
        lastAt
      }
    }
  }
`);

export const KbCreateDraft = graphql(`
  mutation KbCreateDraft($input: CreateArticleDraftInput!) {
    createArticleDraft(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbEditDraft = graphql(`
  mutation KbEditDraft($input: EditArticleDraftInput!) {
    editArticleDraft(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbSubmit = graphql(`
  mutation KbSubmit($input: SubmitArticleForReviewInput!) {
    submitArticleForReview(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbApprove = graphql(`
  mutation KbApprove($input: ApproveArticleInput!) {
    approveArticle(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbRequestChanges = graphql(`
  mutation KbRequestChanges($input: RequestArticleChangesInput!) {
    requestArticleChanges(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbStartRevision = graphql(`
  mutation KbStartRevision($input: StartArticleRevisionInput!) {
    startArticleRevision(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbRestoreVersion = graphql(`
  mutation KbRestoreVersion($input: RestoreArticleVersionInput!) {
    restoreArticleVersion(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbLinkTranslation = graphql(`
  mutation KbLinkTranslation($input: LinkArticleTranslationInput!) {
    linkArticleTranslation(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbUnlinkTranslation = graphql(`
  mutation KbUnlinkTranslation($input: UnlinkArticleTranslationInput!) {
    unlinkArticleTranslation(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbDiscardRevision = graphql(`
  mutation KbDiscardRevision($input: DiscardArticleRevisionInput!) {
    discardArticleRevision(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbArchive = graphql(`
  mutation KbArchive($input: ArchiveArticleInput!) {
    archiveArticle(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbRestoreArticle = graphql(`
  mutation KbRestoreArticle($input: RestoreArticleInput!) {
    restoreArticle(input: $input) {
      id
      consistencyToken
    }
  }
`);

/** Each change of one article (its text, status, translations, a reader's vote): read it again after it. */
export const KbArticleUpdated = graphql(`
  subscription KbArticleUpdated($articleId: ID!) {
    articleUpdated(articleId: $articleId) {
      articleId
      type
      consistencyToken
    }
  }
`);

/** Each change of any article: a list's cue to read again. */
export const KbArticlesUpdated = graphql(`
  subscription KbArticlesUpdated {
    articlesUpdated {
      articleId
      type
      consistencyToken
    }
  }
`);

/** Each change of the category tree (anyone's): the categories screen's cue to read it again. */
export const KbCategoriesChanged = graphql(`
  subscription KbCategoriesChanged {
    kbCategoriesChanged {
      consistencyToken
    }
  }
`);

/** The category tree with both languages' names, and what the caller may do to it now (both read from the log: current at once). */
export const KbCategoryAdmin = graphql(`
  query KbCategoryAdmin($locale: String) {
    kbCategories(locale: $locale) {
      id
      name
      names {
        locale
        name
      }
      parentId
      sortOrder
      articles
    }
    kbCategoryCommandChecks {
      categoryId
      command
      refusal
    }
  }
`);

export const KbCreateCategory = graphql(`
  mutation KbCreateCategory($input: CreateKbCategoryInput!) {
    createKbCategory(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbUpdateCategory = graphql(`
  mutation KbUpdateCategory($input: UpdateKbCategoryInput!) {
    updateKbCategory(input: $input) {
      id
      consistencyToken
    }
  }
`);

export const KbDeleteCategory = graphql(`
  mutation KbDeleteCategory($input: DeleteKbCategoryInput!) {
    deleteKbCategory(input: $input) {
      id
      consistencyToken
    }
  }
`);
