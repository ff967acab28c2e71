/** The search index's collection, owned by this plugin. */
export const SEARCH = 'search'

/** The longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 200

/** The most words one query may hold: each is one more pattern matched against every entry. */
export const MAX_TERMS = 10

/** The most results one page may hold. */
export const MAX_RESULTS_LIMIT = 50

export const DEFAULT_RESULTS_LIMIT = 10

/**
 * The most matching entries ranked per query, the newest first. Ranking happens in memory over
 * this set, so it bounds the work (and the results a client can page through).
 */
export const CANDIDATE_LIMIT = 500

/** A snippet's length, in characters, before ellipses. */
export const SNIPPET_LENGTH = 160

/** The body text stored per entry; text beyond it is not searchable. */
export const MAX_BODY_LENGTH = 100_000

/** Documents read per batch when the index is rebuilt. */
export const REBUILD_BATCH_SIZE = 100
