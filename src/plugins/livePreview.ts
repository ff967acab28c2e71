import type { CollectionConfig, Config } from 'payload'

import { frontendPath } from '../lib/frontendPath'

type Options = { collections: string[]; frontendURL: string }

type Previewable = { id?: string; slug?: string | null; path?: string | null }

/**
 * The URL the admin opens for a document's preview: its place on the website with
 * `preview=true`, the collection and the id, so the frontend can load the draft.
 */
export function previewURL(frontendURL: string, collection: string, doc: Previewable): string {
  const url = new URL(`${frontendURL}${frontendPath(collection, doc) ?? '/'}`)
  url.searchParams.set('preview', 'true')
  url.searchParams.set('collection', collection)
  if (doc.id) url.searchParams.set('id', String(doc.id))
  return url.toString()
}

/** Live preview (the admin's side-by-side view) and the Preview button for posts and pages. */
export const livePreview =
  ({ collections, frontendURL }: Options) =>
  (config: Config): Config => ({
    ...config,
    admin: {
      ...config.admin,
      livePreview: {
        collections,
        url: ({ data, collectionConfig }) => previewURL(frontendURL, collectionConfig?.slug ?? '', data as Previewable),
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
          ? { ...collection, admin: { ...collection.admin, preview: (doc) => previewURL(frontendURL, collection.slug, doc as Previewable) } }
          : collection,
    ),
  })
