import type { PayloadRequest } from 'payload'

/** Seeding and imports switch webhooks off through the request context. */
export function isSilenced(req: PayloadRequest): boolean {
  return Boolean(req.context.isSeeding || req.context.skipWebhooks)
}
