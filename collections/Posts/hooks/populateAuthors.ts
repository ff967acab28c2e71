import type { CollectionAfterReadHook } from 'payload'

import type { Post } from '@payload-types'
import { USERS } from '../../slugs'

type AuthorName = { id: string; name: string }

/**
 * Users are private, so `authors` is unreadable to visitors; `populatedAuthors` exposes just the
 * public part (id and name). Names are looked up once per request.
 */
export const populateAuthors: CollectionAfterReadHook<Post> = async ({ doc, req }) => {
  const ids = (doc.authors ?? []).map((author) => (typeof author === 'object' ? author.id : author))
  if (ids.length === 0) return { ...doc, populatedAuthors: [] }

  const cache = (req.context.authorNames ??= new Map<string, string>()) as Map<string, string>
  const missing = ids.filter((id) => !cache.has(id))
  if (missing.length > 0) {
    const { docs } = await req.payload.find({
      collection: USERS,
      where: { id: { in: missing } },
      select: { name: true },
      depth: 0,
      limit: missing.length,
      pagination: false,
      overrideAccess: true,
      req,
    })
    for (const user of docs) cache.set(user.id, user.name)
  }

  const populatedAuthors: AuthorName[] = ids
    .filter((id) => cache.has(id))
    .map((id) => ({ id, name: cache.get(id) as string }))
  return { ...doc, populatedAuthors }
}
