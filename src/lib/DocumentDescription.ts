/** A stored document as the content model's descriptions read it. */
export type DescribedDocument = Record<string, unknown>

/**
 * What the content model says about the documents of one collection, for the plugins that show
 * them elsewhere (search, SEO, redirects, live preview): they are given these, never the fields.
 */
export type DocumentDescription = {
  /** Where the website shows the document (`/posts/<slug>`, a page's full path); undefined without a slug. */
  path: (doc: DescribedDocument) => string | undefined
  /** All the words a visitor reads on it, for search. */
  text: (doc: DescribedDocument) => string
  /** A few sentences about it, for search results and social cards. */
  summary: (doc: DescribedDocument) => string
  /** The id of the image that stands for it, if any. */
  image: (doc: DescribedDocument) => string | undefined
}

export type DocumentDescriptions = Record<string, DocumentDescription>
