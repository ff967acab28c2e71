import type { CollectionConfig, Config } from 'payload'

import type { DescribedDocument, DocumentDescriptions } from '../lib/DocumentDescription'

type Options = { collections: string[]; describe: DocumentDescriptions; frontendURL: string }

/**
 * The URL the admin opens for a document's preview: the website's `/preview` route with the
 * document's path, collection and id. The route turns on draft mode for a signed-in editor and
 * sends them on to the path (src/app/(site)/preview/route.ts); another frontend offers the same.
 * With `frontendURL` '' it is relative: Folio's own site, at the address the admin was opened at.
 */
export function previewURL(frontendURL: string, describe: DocumentDescriptions, collection: string, doc: DescribedDocument): string {
  const params = new URLSearchParams({ path: describe[collection]?.path(doc) ?? '/', collection })
  if (typeof doc.id === 'string' || typeof doc.id === 'number') params.set('id', String(doc.id))
  return `${frontendURL}/preview?${params.toString()}`
}

/** Live preview (the admin's side-by-side view) and the Preview button for posts and pages. */
export const livePreview =
  ({ collections, describe, frontendURL }: Options) =>
  (config: Config): Config => ({
    ...config,
    admin: {
      ...config.admin,
      livePreview: {
        collections,
        url: ({ data, collectionConfig }) => previewURL(frontendURL, describe, collectionConfig?.slug ?? '', data),
        breakpoints: [
          { name: 'mobile', label: 'Mobile', width: 375, height: 667 },
          { name: 'tablet', label: 'Tablet', width: 768, height: 1024 },
          { name: 'desktop', label: 'Desktop', width: 1440, height: 900 },
        ],
      },
    },
    collections: (config.collections ?? []).map(
      (collection): CollectionConfig =>
        collections.includes(collection.slug)
          ? { ...collection, admin: { ...collection.admin, preview: (doc) => previewURL(frontendURL, describe, collection.slug, doc) } }
          : collection,
    ),
  })
