import path from 'node:path'

import { importExportPlugin } from '@payloadcms/plugin-import-export'
import type { CollectionConfig, CollectionSlug, Endpoint, PayloadHandler } from 'payload'

import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { nobody } from '@/access/nobody'
import { errorResponse } from '@/errors/errorResponse'
import { ErrorCode } from '@/errors/errorCodes'

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
      endpoints: Array.isArray(collection.endpoints) ? collection.endpoints.map(refuseUnreadableDownload) : collection.endpoints,
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

/**
 * The export's direct download reads the collection as the user while it streams: a user who may
 * not read it at all (an author and the form submissions) made the stream fail after it began, and
 * the request never ended. Folio asks first, and answers 401 or 403 before anything is streamed.
 */
function refuseUnreadableDownload(endpoint: Omit<Endpoint, 'root'>): Omit<Endpoint, 'root'> {
  if (endpoint.path !== '/download' || endpoint.method !== 'post') return endpoint
  const handler: PayloadHandler = async (req) => {
    if (!req.user) return errorResponse(401, 'Sign in to export.', ErrorCode.Unauthorized)
    const body = (await req.clone?.().json().catch(() => undefined)) as { data?: { collectionSlug?: unknown } } | undefined
    const slug = body?.data?.collectionSlug
    if (typeof slug !== 'string' || !req.payload.collections[slug as CollectionSlug]) {
      return errorResponse(400, 'Send { "data": { "collectionSlug": "<collection>", "format": "csv" | "json" } }.', ErrorCode.InvalidBody)
    }
    const access = req.payload.collections[slug as CollectionSlug].config.access.read
    const rule = access ? await access({ req }) : true
    if (rule === false) return errorResponse(403, `You may not read ${slug}, so you may not export it.`, ErrorCode.Forbidden)
    return endpoint.handler(req)
  }
  return { ...endpoint, handler }
}
