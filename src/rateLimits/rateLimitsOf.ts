import type { Payload, SanitizedConfig } from 'payload'

import type { RateLimits } from './createRateLimits'

/** Where the config keeps the process's rate limits, for the Express side to share them. */
const KEY = 'folioRateLimits'

export function withRateLimits<C extends { custom?: Record<string, unknown> }>(config: C, rateLimits: RateLimits): C {
  return { ...config, custom: { ...config.custom, [KEY]: rateLimits } }
}

/** The rate limits the running config was built with. */
export function rateLimitsOf(payload: Payload | { config: SanitizedConfig }): RateLimits {
  const rateLimits = payload.config.custom?.[KEY] as RateLimits | undefined
  if (!rateLimits) throw new Error('The config has no rate limits (see payload.config.ts)')
  return rateLimits
}
