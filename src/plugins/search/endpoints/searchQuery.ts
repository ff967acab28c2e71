import type { Endpoint, PayloadRequest, Where } from 'payload'

import { errorResponses, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'
import { CANDIDATE_LIMIT, SEARCH } from '../constants'
import type { Search } from '@payload-types'
import { highlightSnippet } from '../lib/highlightSnippet'
import { parseSearchQuery } from '../lib/parseSearchQuery'
import { rankSearchResults } from '../lib/rankSearchResults'

type IndexEntry = Pick<Search, 'id' | 'title' | 'slug' | 'path' | 'publishedAt' | 'doc'>

const documentId = ({ value }: IndexEntry['doc']) => (typeof value === 'object' ? value.id : value)

/** Every term in the title or the body; `like` is a case-insensitive, escaped regular expression on MongoDB and the local database alike. */
const matchingAll = (terms: string[]): Where => ({
  and: terms.map((term): Where => ({ or: [{ title: { like: term } }, { body: { like: term } }] })),
})

/** The newest entries matching every term, one per document, without their bodies. */
async function findCandidates(req: PayloadRequest, terms: string[]) {
  const { docs } = await req.payload.find({
    collection: SEARCH,
    where: matchingAll(terms),
    select: { title: true, slug: true, path: true, publishedAt: true, doc: true },
    sort: '-publishedAt',
    limit: CANDIDATE_LIMIT + 1,
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const entries: IndexEntry[] = docs
  const seen = new Set<string>()
  const candidates = entries.slice(0, CANDIDATE_LIMIT).flatMap((entry) => {
    const key = `${entry.doc.relationTo}:${documentId(entry.doc)}`
    if (seen.has(key)) return []
    seen.add(key)
    return [{ ...entry, key, title: entry.title ?? '', publishedAt: entry.publishedAt ?? null }]
  })
  return { candidates, truncated: entries.length > CANDIDATE_LIMIT }
}

async function findBodies(req: PayloadRequest, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const { docs } = await req.payload.find({
    collection: SEARCH,
    where: { id: { in: ids } },
    select: { body: true },
    limit: ids.length,
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return new Map(docs.map((doc) => [doc.id, doc.body ?? '']))
}

/**
 * GET /api/search/query?q=…&limit=10&page=1 — the site search over published posts and pages,
 * public. The index holds published content only, so every caller gets the same answer.
 *
 * Matching runs in the database (every term, case-insensitive, in the title or the body); ranking
 * runs here over at most CANDIDATE_LIMIT matches, the most recently published, and only the page
 * shown reads the body text its snippets come from.
 */
export const searchQuery: Endpoint = {
  path: '/query',
  method: 'get',
  custom: {
    openapi: {
      summary: 'Search published posts and pages',
      description: 'Every term must appear (case-insensitive) in the title or the text; results are ranked, with a highlighted snippet.',
      security: [],
      parameters: [
        { in: 'query', name: 'q', required: true, schema: { type: 'string' }, description: 'The words to find.' },
        { in: 'query', name: 'limit', schema: { type: 'integer', minimum: 1 } },
        { in: 'query', name: 'page', schema: { type: 'integer', minimum: 1 } },
        { in: 'query', name: 'locale', schema: { type: 'string' }, description: "The language to search in (the default one when absent); a document not yet translated is found by its default language's words." },
      ],
      responses: {
        200: jsonResponse('The page of results', {
          type: 'object',
          required: ['query', 'results', 'totalDocs', 'page', 'limit', 'totalPages', 'hasNextPage', 'truncated'],
          properties: {
            query: { type: 'string' },
            results: {
              type: 'array',
              items: {
                type: 'object',
                required: ['collection', 'id', 'title', 'slug', 'path', 'snippet', 'score'],
                properties: {
                  collection: { type: 'string' },
                  id: { type: 'string' },
                  title: { type: 'string' },
                  slug: { type: ['string', 'null'] },
                  path: { type: ['string', 'null'] },
                  snippet: { type: 'string' },
                  score: { type: 'number' },
                  publishedAt: { type: ['string', 'null'] },
                },
              },
            },
            totalDocs: { type: 'integer' },
            page: { type: 'integer' },
            limit: { type: 'integer' },
            totalPages: { type: 'integer' },
            hasNextPage: { type: 'boolean' },
            truncated: { type: 'boolean', description: 'More matched than are ranked: refine the query.' },
          },
        }),
        ...errorResponses({ 400: 'No query, or a parameter out of range' }),
      },
    } satisfies EndpointDocumentation,
  },
  handler: async (req) => {
    const { query, terms, limit, page } = parseSearchQuery(req.searchParams)
    const { candidates, truncated } = await findCandidates(req, terms)
    const ranked = rankSearchResults(candidates, terms)
    const shown = ranked.slice((page - 1) * limit, page * limit)
    const bodies = await findBodies(req, shown.map((entry) => entry.id))
    return Response.json({
      query,
      results: shown.map((entry) => ({
        collection: entry.doc.relationTo,
        id: documentId(entry.doc),
        title: entry.title,
        slug: entry.slug ?? null,
        path: entry.path ?? null,
        snippet: highlightSnippet(bodies.get(entry.id) ?? '', terms),
        score: entry.score,
        publishedAt: entry.publishedAt,
      })),
      totalDocs: ranked.length,
      page,
      limit,
      totalPages: Math.ceil(ranked.length / limit),
      hasNextPage: page * limit < ranked.length,
      truncated,
    })
  },
}
