import type { CollectionConfig, Config, PayloadRequest } from 'payload'

import type { DescribedDocument, DocumentDescriptions } from '../lib/DocumentDescription'

type Options = { collections: string[]; describe: DocumentDescriptions; frontendURL: string }

/**
 * The URL the admin opens for a document's preview: the website's `/preview` route with the
 * document's path, the language the editor is editing in (`locale`, left out for the default
 * language, which a URL without it means), its collection and id. The route turns on draft mode
 * for a signed-in editor and sends them on to the path in that language (`/de/…`:
 * src/app/(site)/preview/route.ts); another frontend offers the same. The path is the document's
 * as the editor has it in that language (the admin hands over that language's values). With
 * `frontendURL` '' it is relative: Folio's own site, at the address the admin was opened at.
 */
export function previewURL(frontendURL: string, describe: DocumentDescriptions, collection: string, doc: DescribedDocument, locale?: string): string {
  const params = new URLSearchParams({ path: describe[collection]?.path(doc) ?? '/' })
  if (locale) params.set('locale', locale)
  params.set('collection', collection)
  if (typeof doc.id === 'string' || typeof doc.id === 'number') params.set('id', String(doc.id))
  return `${frontendURL}/preview?${params.toString()}`
}

/** The code of the admin's current language: Payload hands live preview a locale object, the Preview button its code. */
const codeOf = (locale: unknown): string | undefined =>
  typeof locale === 'string' ? locale || undefined : locale && typeof locale === 'object' && 'code' in locale && typeof locale.code === 'string' ? locale.code : undefined

/** The language the editor edits in, unless it is the default: the preview URL names it only then. */
function editedLocale(locale: unknown, req: Partial<PayloadRequest> | undefined): string | undefined {
  const code = codeOf(locale)
  const localization = req?.payload?.config.localization
  return localization && code === localization.defaultLocale ? undefined : code
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
        url: ({ data, collectionConfig, locale, req }) => previewURL(frontendURL, describe, collectionConfig?.slug ?? '', data, editedLocale(locale, req)),
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
          ? { ...collection, admin: { ...collection.admin, preview: (doc, { locale, req }) => previewURL(frontendURL, describe, collection.slug, doc, editedLocale(locale, req)) } }
          : collection,
    ),
  })
