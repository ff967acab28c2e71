import path from 'node:path'

import { importExportPlugin } from '@payloadcms/plugin-import-export'
import type { CollectionConfig, CollectionSlug } from 'payload'

import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { nobody } from '@/access/nobody'

type Options = {
  /** Exported as CSV or JSON from their lists. */
  exportFrom: string[]
  /** Also imported into (a subset of `exportFrom`). */
  importInto: string[]
  /** Export and import files are kept under the uploads folder, in `exports/` and `imports/`. */
  mediaDir: string
}

/**
 * Payload's import-export plugin: a list's Export (CSV or JSON, the list's filters, columns and
 * language) and Import. Both run through the jobs queue with the signed-in user's access, so an
 * export holds what its maker may read and an import writes what they may write. Editors and admins
 * only: the files hold whole collections (form submissions are people's names and addresses), and
 * a file, once made, is not changed.
 */
export const importExport = ({ exportFrom, importInto, mediaDir }: Options) => {
  const keepUnder =
    (folder: string) =>
    ({ collection }: { collection: CollectionConfig }): CollectionConfig => ({
      ...collection,
      admin: { ...collection.admin, group: 'System' },
      access: { create: isEditorOrAdmin, read: isEditorOrAdmin, update: nobody, delete: isEditorOrAdmin },
      upload: { ...(typeof collection.upload === 'object' ? collection.upload : {}), staticDir: path.join(mediaDir, folder) },
    })
  return importExportPlugin({
    collections: exportFrom.map((slug) => ({ slug: slug as CollectionSlug, export: true, import: importInto.includes(slug) })),
    overrideExportCollection: keepUnder('exports'),
    overrideImportCollection: keepUnder('imports'),
  })
}
