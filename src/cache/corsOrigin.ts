import type { Config } from 'payload'

/** The origin-dependent CORS headers: never stored with an answer, set for each caller (see corsOriginHeaders). */
export const ORIGIN_DEPENDENT_HEADERS = new Set(['access-control-allow-origin', 'access-control-allow-credentials'])

type Cors = Config['cors']

/** Whether the allowed origin of an answer depends on who asks (a list of origins, not `*`). */
export function variesByOrigin(cors: Cors): boolean {
  if (!cors || cors === '*') return false
  return !(typeof cors === 'object' && !Array.isArray(cors) && cors.origins === '*')
}

/**
 * The headers naming the caller's origin as allowed, by Payload's own rule (headersWithCors): `*`
 * for any origin, or the request's `Origin` with credentials when it is listed; none otherwise.
 * An answer kept in the cache gets them anew for every caller: the origin of the first one must
 * not reach the next.
 */
export function corsOriginHeaders(cors: Cors, origin: string | null | undefined): [string, string][] {
  if (!cors) return []
  if (!variesByOrigin(cors)) return [['Access-Control-Allow-Origin', '*']]
  const origins = Array.isArray(cors) ? cors : typeof cors === 'object' && Array.isArray(cors.origins) ? cors.origins : []
  if (!origin || !origins.includes(origin)) return []
  return [
    ['Access-Control-Allow-Credentials', 'true'],
    ['Access-Control-Allow-Origin', origin],
  ]
}
