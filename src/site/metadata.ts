import type { Metadata } from 'next'

import type { Media, Page, Post } from '@payload-types'
import { isMedia } from './content'

type Meta = Post['meta'] | Page['meta']

/** An image for Open Graph and Twitter cards: the `social` preset (1200×630 JPEG). */
const socialImage = (image: Media | string | null | undefined) =>
  isMedia(image) ? [{ url: image.presets?.social ?? image.url ?? '', width: 1200, height: 630, alt: image.alt }] : undefined

/**
 * Title, description, canonical URL, Open Graph and Twitter tags from a document's SEO fields
 * (Folio fills what the editor left empty: src/plugins/seo). The SEO title already ends with the
 * site name, so it is used as it is.
 */
export function documentMetadata(meta: Meta, fallbackTitle: string, path: string, kind: 'article' | 'website', extra: Partial<Metadata['openGraph']> = {}): Metadata {
  const title = meta?.title || fallbackTitle
  const description = meta?.description ?? undefined
  const images = socialImage(meta?.image)
  return {
    title: { absolute: title },
    description,
    alternates: { canonical: path },
    openGraph: { title, description, url: path, type: kind, images, ...extra },
    twitter: { card: images ? 'summary_large_image' : 'summary', title, description, images: images?.map((image) => image.url) },
  }
}
