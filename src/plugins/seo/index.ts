import { seoPlugin } from '@payloadcms/plugin-seo'
import type { Config, PayloadRequest } from 'payload'

import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { addHooks } from '../addHooks'
import { fillMetaDefaults } from './fillMetaDefaults'
import { generateMetaDescription, generateMetaImage, generateMetaTitle, generateMetaURL } from './generateMeta'

type Options = {
  collections: string[]
  /** What the content model says about each collection's documents: summary, image, path. */
  describe: DocumentDescriptions
  /** The collection of images a `meta.image` points to. */
  uploadsCollection: string
  /** The site's name, which every generated title ends with. */
  siteName: (req: PayloadRequest) => Promise<string>
  /** The website, for the search-result preview. */
  frontendURL: string
}

/**
 * Payload's SEO plugin (a `meta` group: title, description, image) with Folio's defaults: the
 * admin's Generate buttons and every save fill what an editor left empty.
 */
export const seo =
  ({ collections, describe, uploadsCollection, siteName, frontendURL }: Options) =>
  (config: Config): Config => {
    const withFields = seoPlugin({
      collections,
      uploadsCollection,
      generateTitle: async ({ doc, req }) => generateMetaTitle(doc, await siteName(req)),
      generateDescription: ({ doc, collectionConfig }) => generateMetaDescription(describe, collectionConfig?.slug ?? '', doc),
      generateImage: ({ doc, collectionConfig }) => generateMetaImage(describe, collectionConfig?.slug ?? '', doc) ?? '',
      generateURL: ({ doc, collectionConfig }) => generateMetaURL(describe, collectionConfig?.slug ?? '', doc, frontendURL),
    })(config)
    const fill = fillMetaDefaults({ describe, siteName })
    return addHooks(withFields, { only: (slug) => collections.includes(slug), collections: { beforeChange: [fill] } })
  }
