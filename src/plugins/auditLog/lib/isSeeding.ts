import type { PayloadRequest } from 'payload'

/**
 * Demo content written by the seed (on an empty database, before anyone signs in) is not
 * recorded: it is fixture data, not a change anyone made.
 */
export function isSeeding(req: PayloadRequest): boolean {
  return Boolean(req.context.isSeeding)
}
