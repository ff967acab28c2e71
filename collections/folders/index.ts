import type { Config } from 'payload'

import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { isStaff } from '@/access/isStaff'
import { withHooks } from '@/plugins/addHooks'
import { storeEmptyFolderTypeAsNull } from './hooks/storeEmptyFolderTypeAsNull'

/** Payload's own slug for the folders collection (the default, kept so its admin routes and types stay Payload's). */
export const FOLDERS = 'payload-folders'

/**
 * Payload's folders: a Folder field on media, posts and pages, and the admin's Browse by Folder view
 * (sub-folders and documents of a folder together). The team reads them; editors and admins make,
 * rename, move and delete them (deleting one deletes its sub-folders and takes its documents out).
 * Authors file what they may edit into existing folders. Visitors see no folders: the Folder field
 * of a published document is only an ID.
 */
export const folders: Exclude<NonNullable<Config['folders']>, false> = {
  slug: FOLDERS,
  browseByFolder: true,
  collectionOverrides: [
    ({ collection }) =>
      withHooks(
        { ...collection, access: { create: isEditorOrAdmin, read: isStaff, update: isEditorOrAdmin, delete: isEditorOrAdmin } },
        { beforeChange: [storeEmptyFolderTypeAsNull] },
      ),
  ],
}
