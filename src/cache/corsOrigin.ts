import { headersWithCors, type Config, type PayloadRequest } from 'payload'

import { boundedMemo } from '../lib/boundedMemo'

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

/** Distinct origins remembered per CORS setting (any client may send any Origin). */
const ORIGINS_REMEMBERED = 256
type HeaderPairs = readonly (readonly [string, string])[]

function askPayload(cors: Cors, origin: string | null | undefined): HeaderPairs {
  const req = { payload: { config: { cors } }, headers: new Headers(origin ? { origin } : {}) } as unknown as PayloadRequest
  return [...headersWithCors({ headers: new Headers(), req })].map(([name, value]) => [canonicalName(name), value] as const)
}

/** Per CORS setting: the headers for each origin (all of them, and the origin-dependent ones), asked of Payload once. */
const perSetting = new Map<Cors, { all: (origin: string) => HeaderPairs; originDependent: (origin: string) => HeaderPairs }>()

function answersFor(cors: Cors) {
  let answers = perSetting.get(cors)
  if (!answers) {
    const all = boundedMemo((origin: string) => askPayload(cors, origin), ORIGINS_REMEMBERED)
    answers = { all, originDependent: boundedMemo((origin: string) => all(origin).filter(([name]) => ORIGIN_DEPENDENT_HEADERS.has(name.toLowerCase())), ORIGINS_REMEMBERED) }
    perSetting.set(cors, answers)
  }
  return answers
}

/**
 * The CORS headers Payload sends a request from `origin` (its own headersWithCors), for answers
 * made without Payload: cache hits and images served before Express. They depend on the setting
 * and the origin only, so each origin's are asked of Payload once (the last few hundred origins).
 */
export function corsHeaders(cors: Cors, origin: string | null | undefined): HeaderPairs {
  return answersFor(cors).all(origin ?? '')
}

/**
 * The headers naming the caller's origin as allowed (`*`, or a listed `Origin` with credentials;
 * none otherwise). An answer kept in the cache gets them anew for every caller: the origin of the
 * first one must not reach the next.
 */
export function corsOriginHeaders(cors: Cors, origin: string | null | undefined): HeaderPairs {
  return answersFor(cors).originDependent(origin ?? '')
}
