import type { CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import type { DescribedDocument, DocumentDescriptions } from '@/lib/DocumentDescription'
import { generateMetaDescription, generateMetaImage, generateMetaTitle } from './generateMeta'

type Meta = { title?: string | null; description?: string | null; image?: string | { id: string } | null }
type WithMeta = DescribedDocument & { meta?: Meta | null }

const idOf = (value: Meta['image']) => (value && typeof value === 'object' ? value.id : value || undefined)

type Options = { describe: DocumentDescriptions; siteName: (req: PayloadRequest) => Promise<string> }

/**
 * Fills the SEO fields an editor left empty with generated defaults, and keeps generated values
 * in step with the content: a value still equal to what the previous version generated is
 * generated again. A value an editor typed is never replaced.
 */
export const fillMetaDefaults =
  ({ describe, siteName }: Options): CollectionBeforeChangeHook =>
  async ({ collection, data, originalDoc, req }) => {
    const previous = originalDoc as WithMeta | undefined
    // An update may carry only the fields that changed.
    const next = { ...previous, ...data } as WithMeta
    const meta: Meta = { ...previous?.meta, ...next.meta }
    const isGenerated = (current: string | undefined, before: string | undefined) => !current || current === before

    const site = await siteName(req)
    const title = generateMetaTitle(next, site)
    if (isGenerated(meta.title ?? undefined, previous ? generateMetaTitle(previous, site) : undefined)) meta.title = title

    const description = generateMetaDescription(describe, collection.slug, next)
    if (isGenerated(meta.description ?? undefined, previous ? generateMetaDescription(describe, collection.slug, previous) : undefined)) {
      meta.description = description || null
    }

    const image = generateMetaImage(describe, collection.slug, next)
    if (isGenerated(idOf(meta.image), previous ? generateMetaImage(describe, collection.slug, previous) : undefined)) meta.image = image ?? null

    return { ...data, meta }
  }
