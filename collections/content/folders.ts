import type { Config } from 'payload'

import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { isStaff } from '@/access/isStaff'

/**
 * Payload's folders, for sorting the media library (the Media collection turns them on): the
 * team reads and files into them; editors and admins rename and remove them. A website never
 * sees them.
 */
export const folders: NonNullable<Config['folders']> = {
  collectionOverrides: [
    ({ collection }) => ({
      ...collection,
      admin: { ...collection.admin, group: 'Content' },
      access: { create: isStaff, read: isStaff, update: isEditorOrAdmin, delete: isEditorOrAdmin },
    }),
  ],
}
