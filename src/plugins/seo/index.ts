import { seoPlugin } from '@payloadcms/plugin-seo'
import type { Config } from 'payload'

import { MEDIA } from '../../../collections/slugs'
import { fillMetaDefaults } from './fillMetaDefaults'
import { generateMetaDescription, generateMetaImage, generateMetaTitle, generateMetaURL, readSiteName } from './generateMeta'

type Options = {
  collections: string[]
  /** The website, for the search-result preview. */
  frontendURL: string
}

/**
 * Payload's SEO plugin (a `meta` group: title, description, image) with Folio's defaults: the
 * admin's Generate buttons and every save fill what an editor left empty.
 */
export const seo =
  ({ collections, frontendURL }: Options) =>
  (config: Config): Config => {
    const withFields = seoPlugin({
      collections,
      uploadsCollection: MEDIA,
      generateTitle: async ({ doc, req }) => generateMetaTitle(doc, await readSiteName(req)),
      generateDescription: ({ doc, collectionConfig }) => generateMetaDescription(collectionConfig?.slug ?? '', doc),
      generateImage: ({ doc, collectionConfig }) => generateMetaImage(collectionConfig?.slug ?? '', doc) ?? '',
      generateURL: ({ doc, collectionConfig }) => generateMetaURL(collectionConfig?.slug ?? '', doc, frontendURL),
    })(config)
    return {
      ...withFields,
      collections: (withFields.collections ?? []).map((collection) =>
        collections.includes(collection.slug)
          ? { ...collection, hooks: { ...collection.hooks, beforeChange: [...(collection.hooks?.beforeChange ?? []), fillMetaDefaults] } }
          : collection,
      ),
    }
  }
