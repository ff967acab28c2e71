import { createDataloaderCacheKey, type CollectionAfterReadHook, type PayloadRequest } from 'payload'

import type { Post, User } from '@payload-types'
import { USERS } from '../../slugs'

type AuthorName = { id: string; name: string }

type CacheKeyArgs = Parameters<typeof createDataloaderCacheKey>[0]

/**
 * The dataloader key of one author's name. Locale, fallback locale and transaction are the
 * request's, as Payload's own relation population passes them: undefined when the request has none,
 * which the declared argument types leave out.
 */
function authorKey(req: PayloadRequest, docID: string): string {
  const args: Omit<CacheKeyArgs, 'locale' | 'fallbackLocale' | 'transactionID'> = {
    collectionSlug: USERS,
    currentDepth: 0,
    depth: 0,
    docID,
    draft: false,
    overrideAccess: true,
    select: { name: true },
    showHiddenFields: false,
  }
  return createDataloaderCacheKey({ ...args, locale: req.locale, fallbackLocale: req.fallbackLocale, transactionID: req.transactionID } as CacheKeyArgs)
}

/**
 * Users are private, so `authors` is unreadable to visitors; `populatedAuthors` exposes just the
 * public part (id and name). The names come through the request's dataloader, which Payload also
 * populates relations with: the afterRead hooks of a whole list run side by side, and their ids
 * are gathered into one query for the list, each name read once per request.
 */
export const populateAuthors: CollectionAfterReadHook<Post> = async ({ doc, req }) => {
  const ids = (doc.authors ?? []).map((author) => (typeof author === 'object' ? author.id : author))
  if (ids.length === 0) return { ...doc, populatedAuthors: [] }

  const users = (await req.payloadDataLoader.loadMany(ids.map((docID) => authorKey(req, docID)))) as (Pick<User, 'id' | 'name'> | Error | null)[]

  const populatedAuthors: AuthorName[] = users.flatMap((user) => (user && !(user instanceof Error) ? [{ id: user.id, name: user.name }] : []))
  return { ...doc, populatedAuthors }
}
