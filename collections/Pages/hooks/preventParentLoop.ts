import type { CollectionBeforeValidateHook } from 'payload'

import type { Page } from '@payload-types'
import { ClientError } from '@/errors/ClientError'
import { PAGES } from '../../slugs'

/** Deeper nesting than this is refused; it also bounds the walk up the tree. */
export const MAX_PAGE_DEPTH = 10

type Parent = string | { id: string } | null | undefined

const idOf = (parent: Parent) => (parent && typeof parent === 'object' ? parent.id : parent || undefined)

/**
 * Refuses a parent that is the page itself or one of its descendants: the nested-docs plugin
 * would otherwise re-save the pages of the loop forever.
 */
export const preventParentLoop: CollectionBeforeValidateHook<Page> = async ({ data, originalDoc, req }) => {
  let parentID = idOf(data?.parent)
  if (!parentID) return data
  const ownID = originalDoc?.id ? String(originalDoc.id) : undefined
  for (let depth = 1; parentID; depth++) {
    if (parentID === ownID) throw new ClientError('parent: a page cannot be nested under itself or one of its own sub-pages')
    if (depth >= MAX_PAGE_DEPTH) throw new ClientError(`parent: pages can be nested at most ${MAX_PAGE_DEPTH} levels deep`)
    const parent = await req.payload.findByID({ collection: PAGES, id: parentID, depth: 0, draft: true, disableErrors: true, req })
    if (!parent) throw new ClientError(`parent: no page with id ${parentID}`)
    parentID = idOf(parent.parent)
  }
  return data
}
