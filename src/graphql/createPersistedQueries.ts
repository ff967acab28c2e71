import { createHash } from 'node:crypto'

/** How many distinct persisted queries one process remembers (least recently used out). */
const MAX_QUERIES = 2000
const MAX_QUERY_LENGTH = 20_000

export type GraphQLParams = { query?: string; variables?: unknown; operationName?: string; extensions?: unknown }

type Resolved = { params: GraphQLParams } | { error: { status: number; message: string; code?: string } }

/**
 * Automatic persisted queries, as Apollo clients send them: a query is registered once by its
 * SHA-256 (`extensions.persistedQuery.sha256Hash` with the query), then sent by hash alone, so a
 * GET URL stays short and cacheable. Unknown hashes answer PERSISTED_QUERY_NOT_FOUND, upon which
 * the client sends the query again.
 */
export function createPersistedQueries() {
  const queries = new Map<string, string>()

  const remember = (hash: string, query: string) => {
    queries.delete(hash)
    queries.set(hash, query)
    if (queries.size > MAX_QUERIES) queries.delete(queries.keys().next().value as string)
  }

  return {
    resolve(params: GraphQLParams): Resolved {
      const persisted = (params.extensions as { persistedQuery?: { version?: number; sha256Hash?: unknown } } | undefined)?.persistedQuery
      if (!persisted) return { params }
      const hash = persisted.sha256Hash
      if (persisted.version !== 1 || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) {
        return { error: { status: 400, message: 'extensions.persistedQuery: expected { "version": 1, "sha256Hash": "<64 hex digits>" }' } }
      }
      if (typeof params.query === 'string') {
        if (params.query.length > MAX_QUERY_LENGTH) return { error: { status: 400, message: `query: at most ${MAX_QUERY_LENGTH} characters` } }
        if (createHash('sha256').update(params.query).digest('hex') !== hash) {
          return { error: { status: 400, message: 'extensions.persistedQuery.sha256Hash: does not match the query', code: 'PERSISTED_QUERY_HASH_MISMATCH' } }
        }
        remember(hash, params.query)
        return { params }
      }
      const query = queries.get(hash)
      if (!query) return { error: { status: 200, message: 'PersistedQueryNotFound', code: 'PERSISTED_QUERY_NOT_FOUND' } }
      remember(hash, query)
      return { params: { ...params, query } }
    },
  }
}

export type PersistedQueries = ReturnType<typeof createPersistedQueries>
