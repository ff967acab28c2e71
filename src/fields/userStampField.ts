import type { CollectionSlug, RelationshipField } from 'payload'

import { isStaffField } from '@/access/isStaffField'

type UserStampOptions = {
  name: string
  /** The users collection. */
  relationTo: CollectionSlug
  label: string
  description: string
  /** `create`: who created the document, kept ever after; `change`: who saved this version. */
  stamp: 'create' | 'change'
  overrides?: Partial<RelationshipField>
}

/**
 * A read-only "who" field Folio fills from the signed-in user: the uploader of a file, or the
 * editor of each version (versions keep it, so the history says who made each one). Nobody sends
 * it through the API; set-up code running without a user (seeding, imports) may give it.
 */
export function userStampField({ name, relationTo, label, description, stamp, overrides = {} }: UserStampOptions): RelationshipField {
  return {
    name,
    label,
    type: 'relationship',
    relationTo,
    index: true,
    // The team's business: a frontend never sees who uploaded or edited.
    access: { read: isStaffField, create: () => false, update: () => false },
    admin: { position: 'sidebar', readOnly: true, description, ...overrides.admin },
    hooks: {
      beforeChange: [
        ({ operation, originalDoc, req, value }): unknown => {
          const user = req.user?.collection === relationTo ? req.user.id : undefined
          const before = (originalDoc as Record<string, unknown> | undefined)?.[name]
          if (stamp === 'create' && operation === 'update') return before ?? value
          return user ?? value ?? (operation === 'update' ? before : undefined)
        },
      ],
    },
    ...overrides,
  } as RelationshipField
}
