import { ClientError } from '@/errors/ClientError'
import { DEFAULT_RESULTS_LIMIT, MAX_QUERY_LENGTH, MAX_RESULTS_LIMIT, MAX_TERMS } from '../constants'

export type SearchQuery = {
  /** The query as given, trimmed. */
  query: string
  /** Its distinct words, in order, lower-cased; every one must match. */
  terms: string[]
  limit: number
  page: number
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name)
  if (values.length > 1 || [...params.keys()].some((key) => key.startsWith(`${name}[`))) {
    throw new ClientError(`Query parameter "${name}" must be given once`)
  }
  return values[0]
}

function wholeNumber(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = single(params, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ClientError(`Query parameter "${name}" must be a whole number from 1 to ${max}`)
  }
  return value
}

/** Quotes around a word are not part of it: "drafts" finds drafts. */
const QUOTES = /^["“”„«»]+|["“”„«»]+$/g

/** Reads and checks `q`, `limit` and `page`; a 400 names the parameter at fault. */
export function parseSearchQuery(params: URLSearchParams): SearchQuery {
  const locale = params.get('locale')
  if (locale === 'all' || locale === '*') throw new ClientError('Query parameter "locale" must name one language: a search runs in one')
  const query = (single(params, 'q') ?? '').trim()
  if (!query) throw new ClientError('Query parameter "q" is required: the words to search for')
  if (query.length > MAX_QUERY_LENGTH) throw new ClientError(`Query parameter "q" must be at most ${MAX_QUERY_LENGTH} characters`)
  const terms = [
    ...new Set(
      query
        .split(/\s+/)
        .map((word) => word.replace(QUOTES, '').toLowerCase())
        .filter(Boolean),
    ),
  ]
  if (terms.length === 0) throw new ClientError('Query parameter "q" must contain a word, not only quotes')
  if (terms.length > MAX_TERMS) throw new ClientError(`Query parameter "q" may hold at most ${MAX_TERMS} words`)
  return {
    query,
    terms,
    limit: wholeNumber(params, 'limit', DEFAULT_RESULTS_LIMIT, MAX_RESULTS_LIMIT),
    page: wholeNumber(params, 'page', 1, 1_000_000),
  }
}
