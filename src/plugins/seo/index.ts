import { seoPlugin } from '@payloadcms/plugin-seo'
import type { GenerateDescription, GenerateImage, GenerateTitle, GenerateURL } from '@payloadcms/plugin-seo/types'
import type { Config, PayloadRequest } from 'payload'

import type { DescribedDocument, DocumentDescriptions } from '@/lib/DocumentDescription'
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
    const generateTitle: GenerateTitle<DescribedDocument> = async ({ doc, req }) => generateMetaTitle(doc, await siteName(req))
    const generateDescription: GenerateDescription<DescribedDocument> = ({ doc, collectionConfig }) =>
      generateMetaDescription(describe, collectionConfig?.slug ?? '', doc)
    const generateImage: GenerateImage<DescribedDocument> = ({ doc, collectionConfig }) => generateMetaImage(describe, collectionConfig?.slug ?? '', doc) ?? ''
    const generateURL: GenerateURL<DescribedDocument> = ({ doc, collectionConfig }) => generateMetaURL(describe, collectionConfig?.slug ?? '', doc, frontendURL)
    const withFields = seoPlugin({ collections, uploadsCollection, generateTitle, generateDescription, generateImage, generateURL })(config)
    const fill = fillMetaDefaults({ describe, siteName })
    return addHooks(withFields, { only: (slug) => collections.includes(slug), collections: { beforeChange: [fill] } })
  }
