import type { CollectionBeforeChangeHook } from 'payload'

import type { User } from '@payload-types'

/** The very first account of a Folio installation becomes its admin, whatever role was asked for. */
export const makeFirstUserAdmin: CollectionBeforeChangeHook<User> = async ({ data, operation, req }) => {
  if (operation !== 'create') return data
  const { totalDocs } = await req.payload.count({ collection: 'users', req, overrideAccess: true })
  if (totalDocs === 0) return { ...data, role: 'admin' }
  return data
}
