import type { Config, Payload, SanitizedConfig } from 'payload'

import { configExtension } from '../lib/configExtension'
import type { RateLimits } from './createRateLimits'

const rateLimits = configExtension<RateLimits>('folioRateLimits')

/** The config with the process's rate limits, for the HTTP layer to share them with the plugins. */
export function withRateLimits<C extends Config>(config: C, limits: RateLimits): C {
  return rateLimits.with(config, limits)
}

/** The rate limits the running config was built with. */
export function rateLimitsOf(from: Payload | { config: SanitizedConfig }): RateLimits {
  const limits = rateLimits.read(from as Payload)
  if (!limits) throw new Error('The config has no rate limits (see payload.config.ts)')
  return limits
}
