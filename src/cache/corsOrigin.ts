import { headersWithCors, type Config, type PayloadRequest } from 'payload'

/** The origin-dependent CORS headers: never stored with an answer, set for each caller (see corsOriginHeaders). */
export const ORIGIN_DEPENDENT_HEADERS = new Set(['access-control-allow-origin', 'access-control-allow-credentials'])

type Cors = Config['cors']

/** `access-control-allow-origin` as it is usually written. */
const canonicalName = (name: string) => name.replace(/(^|-)[a-z]/g, (letter) => letter.toUpperCase())

/** Whether the allowed origin of an answer depends on who asks (a list of origins, not `*`). */
export function variesByOrigin(cors: Cors): boolean {
  if (!cors || cors === '*') return false
  return !(typeof cors === 'object' && !Array.isArray(cors) && cors.origins === '*')
}

/**
 * The CORS headers Payload sends a request from `origin` (its own headersWithCors), for answers
 * made without Payload: cache hits and images served before Express.
 */
export function corsHeaders(cors: Cors, origin: string | null | undefined): [string, string][] {
  const req = { payload: { config: { cors } }, headers: new Headers(origin ? { origin } : {}) } as unknown as PayloadRequest
  return [...headersWithCors({ headers: new Headers(), req })].map(([name, value]) => [canonicalName(name), value])
}

/**
 * The headers naming the caller's origin as allowed (`*`, or a listed `Origin` with credentials;
 * none otherwise). An answer kept in the cache gets them anew for every caller: the origin of the
 * first one must not reach the next.
 */
export function corsOriginHeaders(cors: Cors, origin: string | null | undefined): [string, string][] {
  return corsHeaders(cors, origin).filter(([name]) => ORIGIN_DEPENDENT_HEADERS.has(name.toLowerCase()))
}
