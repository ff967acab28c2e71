import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

import type { RequestHandler } from 'express'
import type { Payload } from 'payload'

import { ErrorCode } from '../errors/errorCodes'
import { sendError } from '../server/sendError'
import { watchAuthentication } from '../server/watchAuthentication'
import type { RateLimitDecision, RateLimits } from './createRateLimits'
import { describeWait, rateLimitHeaders } from './rateLimitHeaders'

const API_KEY = /^\S+ API-Key (.+)$/
/** How many accepted API keys one process remembers, and for how long. */
const MAX_KNOWN_KEYS = 10_000
const KNOWN_FOR_MS = 10 * 60 * 1000

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex')

/** A request's rate-limit decision, taken once: the hit path takes it, and Express reads it back. */
const decided = new WeakMap<IncomingMessage, { decision: RateLimitDecision; known: boolean }>()

export type ApiRateLimiter = {
  /** Consumes one request of the budget of its API key or address, and remembers the decision for the request. */
  decide: (req: IncomingMessage, address: string) => Promise<RateLimitDecision>
  /** The same, at once, when the limiter asks no store (rate limits off); undefined otherwise: then `decide`. */
  decideNow: (req: IncomingMessage, address: string) => RateLimitDecision | undefined
  /** The Express middleware: answers a refusal with 429, or sets the headers and goes on. */
  middleware: RequestHandler
}

/**
 * Limits API requests per address, or per API key for keys Payload has accepted (an integration
 * running many jobs from one address gets its own budget). A key Payload has not accepted yet
 * counts against the address, so inventing keys buys an attacker nothing. Every answer carries
 * `RateLimit-*` headers; a refusal is a 429 with Retry-After.
 */
export function limitApiRequests(payload: Payload, rateLimits: RateLimits): ApiRateLimiter {
  const knownKeys = new Map<string, number>()
  watchAuthentication(payload, ({ strategy, headers }) => {
    if (!strategy.endsWith('-api-key')) return
    const key = headers.get('authorization')?.match(API_KEY)?.[1]
    if (!key) return
    knownKeys.delete(hashKey(key))
    knownKeys.set(hashKey(key), Date.now() + KNOWN_FOR_MS)
    if (knownKeys.size > MAX_KNOWN_KEYS) knownKeys.delete(knownKeys.keys().next().value as string)
  })

  /** Which budget a request counts against: its API key's, once Payload accepted the key, or its address'. */
  const budgetOf = (req: IncomingMessage, address: string) => {
    const key = req.headers.authorization?.match(API_KEY)?.[1]
    const hashed = key ? hashKey(key) : undefined
    const known = hashed !== undefined && (knownKeys.get(hashed) ?? 0) > Date.now()
    return known ? { limiter: rateLimits.apiPerKey, key: hashed, known } : { limiter: rateLimits.apiPerAddress, key: address, known }
  }

  const decide = async (req: IncomingMessage, address: string) => {
    const { limiter, key, known } = budgetOf(req, address)
    const decision = await limiter.consume(key)
    decided.set(req, { decision, known })
    return decision
  }

  const decideNow = (req: IncomingMessage, address: string) => {
    const { limiter, key, known } = budgetOf(req, address)
    const decision = limiter.consumeNow?.(key)
    if (decision) decided.set(req, { decision, known })
    return decision
  }

  const middleware: RequestHandler = async (req, res, next) => {
    if (!decided.has(req)) await decide(req, req.ip ?? req.socket.remoteAddress ?? 'unknown')
    const { decision, known } = decided.get(req)!
    const headers = rateLimitHeaders(decision)
    if (!decision.allowed) {
      sendError(res, 429, `Too many requests ${known ? 'with this API key' : 'from your address'}; try again in ${describeWait(decision.msBeforeNext)}`, {
        code: ErrorCode.RateLimited,
        headers,
      })
      return
    }
    res.set(headers)
    next()
  }
  return { decide, decideNow, middleware }
}
