import { getCurrentDate, type CollectionSlug, type Config, type Payload, type Where } from 'payload'

import { withHousekeeping } from '@/jobs/housekeeping'

const DAY_MS = 24 * 60 * 60 * 1000

type Options = { collections: CollectionSlug[]; olderThanMs?: number }

/**
 * Drafts nobody typed a title into, left untouched for a day: what the admin's autosave creates
 * when an editor opens *Create new* and leaves (Payload saves the empty document at once so that
 * autosave has something to save into). Removed through the Local API, so the audit log records it.
 */
export async function removeUntitledDrafts(payload: Payload, { collections, olderThanMs = DAY_MS }: Options): Promise<number> {
  const untouchedSince = new Date(getCurrentDate().getTime() - olderThanMs).toISOString()
  const where: Where = {
    and: [
      { _status: { equals: 'draft' } },
      { or: [{ title: { exists: false } }, { title: { equals: '' } }, { title: { equals: null } }] },
      { updatedAt: { less_than: untouchedSince } },
    ],
  }
  let removed = 0
  for (const collection of collections) {
    const { docs, errors } = await payload.delete({ collection, where, overrideAccess: true, depth: 0 })
    removed += docs.length
    for (const error of errors) payload.logger.warn({ collection, id: error.id, message: error.message }, 'untitled drafts: could not remove one')
  }
  if (removed) payload.logger.info({ removed }, 'untitled drafts: removed drafts left empty for a day')
  return removed
}

/** Cleans up the empty drafts that visiting *Create new* leaves behind, hourly with the other housekeeping. */
export const untitledDrafts =
  (options: Options) =>
  (config: Config): Config =>
    withHousekeeping(config, { name: 'remove untitled drafts', run: async (payload) => void (await removeUntitledDrafts(payload, options)) })
