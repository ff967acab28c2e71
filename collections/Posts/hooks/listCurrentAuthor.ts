import type { CollectionBeforeValidateHook } from 'payload'

import type { Post } from '@payload-types'
import { hasRole } from '@/access/roles'

type RelationValue = NonNullable<Post['authors']>[number]

const idOf = (value: RelationValue) => (typeof value === 'object' ? value.id : value)

/**
 * A new post lists its creator as author when no author is given, and an author can never save a
 * post that does not list them: otherwise they would lose access to their own work.
 */
export const listCurrentAuthor: CollectionBeforeValidateHook<Post> = ({ data, operation, originalDoc, req }) => {
  const user = req.user
  if (!data || !user || req.user?.collection !== 'users') return data

  const authors = data.authors ?? (operation === 'update' ? originalDoc?.authors : undefined) ?? []
  const ids = authors.map(idOf)
  const mustList = hasRole(user, 'author') || (operation === 'create' && ids.length === 0)
  if (!mustList || ids.includes(user.id)) return data

  return { ...data, authors: [...ids, user.id] }
}
