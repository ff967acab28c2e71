import type { DocumentNode } from 'graphql'

import { ErrorCode } from '../errors/errorCodes'
import type { RateLimitDecision } from '../rateLimits/createRateLimits'
import { describeWait, rateLimitHeaders } from '../rateLimits/rateLimitHeaders'
import type { GraphQLSettings } from '../settings'
import { inspectGraphQLDocument } from './inspectGraphQLDocument'

export type GraphQLGuard = (document: DocumentNode, request: Request) => Promise<Response | undefined>

type Options = GraphQLSettings & {
  /** Root fields Payload's schema offers that Folio does not serve, with the reason given instead. */
  refusedField: (name: string) => string | undefined
  /** Whether Payload signs the request in: its own decision, not a parse of the headers. */
  isSignedIn: (request: Request) => Promise<boolean>
  /** Counts a query's cost against the caller's GraphQL budget. */
  chargeCost: (request: Request, cost: number) => Promise<RateLimitDecision>
}

export const graphqlError = (status: number, message: string, code?: string) =>
  Response.json({ errors: [{ message, ...(code ? { extensions: { code } } : {}) }] }, { status, headers: { 'Cache-Control': 'no-store' } })

/**
 * Decides, before graphql-js validates or runs a parsed query, whether Folio answers it: no
 * fragment cycle, depth and cost within the limits, the cost within the caller's budget over time,
 * and schema introspection only for those the GRAPHQL_INTROSPECTION setting lets ask.
 */
export function createGraphQLGuard({ maxDepth, maxCost, introspection, isSignedIn, chargeCost, refusedField }: Options): GraphQLGuard {
  return async (document, request) => {
    const { problem, introspects, cost, subscribes, rootFields } = inspectGraphQLDocument(document, { maxDepth, maxCost })
    if (problem) return graphqlError(400, problem, ErrorCode.GraphQLTooComplex)
    if (subscribes) return graphqlError(400, 'Folio serves no GraphQL subscriptions: poll with a query, or subscribe to webhooks', ErrorCode.GraphQLInvalid)
    for (const field of rootFields) {
      const reason = refusedField(field)
      if (reason) return graphqlError(400, `${field}: ${reason}`, ErrorCode.GraphQLInvalid)
    }
    const decision = await chargeCost(request, Math.max(1, cost))
    if (!decision.allowed) {
      const refused = graphqlError(429, `GraphQL budget used up (${decision.limit.points} fields per ${Math.round(decision.limit.durationMs / 1000)} s); try again in ${describeWait(decision.msBeforeNext)}`, ErrorCode.RateLimited)
      for (const [name, value] of Object.entries(rateLimitHeaders(decision))) refused.headers.set(name, value)
      return refused
    }
    if (!introspects || introspection === 'on') return undefined
    if (introspection === 'signed-in' && (await isSignedIn(request))) return undefined
    return graphqlError(
      403,
      introspection === 'off' ? 'GraphQL introspection is switched off on this server' : 'GraphQL introspection is open to signed-in users only',
      ErrorCode.Forbidden,
    )
  }
}
