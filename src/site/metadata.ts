import type { Metadata } from 'next'

import type { Media, Page, Post } from '@payload-types'
import type { LocalePaths } from './addresses'
import { isMedia } from './content'
import { siteLocale } from './siteLocale'

type Meta = Post['meta'] | Page['meta']

/** An image for Open Graph and Twitter cards: the `social` preset (1200×630 JPEG). */
const socialImage = (image: Media | string | null | undefined) =>
  isMedia(image) ? [{ url: image.presets?.social ?? image.url ?? '', width: 1200, height: 630, alt: image.alt }] : undefined

/** A language as Open Graph names it, with its most likely region: `de_DE`, `en_US`, `pt_BR`. */
export function openGraphLocale(code: string): string {
  try {
    const { language, region } = new Intl.Locale(code).maximize()
    return region ? `${language}_${region}` : language
  } catch {
    return code
  }
}

/**
 * What every page says about its languages: its canonical URL in the page's language, the same
 * page in each language (`<link rel="alternate" hreflang>`, `x-default` the default language's),
 * the feed in the page's language, and Open Graph's `og:locale` with the others as alternates.
 * A page sets `alternates` and `openGraph` whole (Next.js does not merge them with the layout's).
 */
export async function localeMetadata(paths: LocalePaths): Promise<Pick<Metadata, 'alternates'> & { openGraph: NonNullable<Metadata['openGraph']> }> {
  const { code, codes, defaultLocale, href } = await siteLocale()
  const languages: Record<string, string> = {}
  for (const locale of codes) if (paths[locale]) languages[locale] = paths[locale]
  const fallback = paths[defaultLocale] ?? paths[code]
  if (fallback) languages['x-default'] = fallback
  return {
    alternates: { canonical: paths[code], languages, types: { 'application/rss+xml': href('/feed.xml') } },
    openGraph: { url: paths[code], locale: openGraphLocale(code), alternateLocale: codes.filter((locale) => locale !== code && paths[locale]).map(openGraphLocale) },
  }
}

/**
 * Title, description, canonical URL and alternates, Open Graph and Twitter tags from a document's
 * SEO fields (Folio fills what the editor left empty: src/plugins/seo). The SEO title already ends
 * with the site name, so it is used as it is.
 */
export async function documentMetadata(meta: Meta, fallbackTitle: string, paths: LocalePaths, kind: 'article' | 'website', extra: Partial<Metadata['openGraph']> = {}): Promise<Metadata> {
  const title = meta?.title || fallbackTitle
  const description = meta?.description ?? undefined
  const images = socialImage(meta?.image)
  const { alternates, openGraph } = await localeMetadata(paths)
  return {
    title: { absolute: title },
    description,
    alternates,
    openGraph: { ...openGraph, title, description, type: kind, images, ...extra },
    twitter: { card: images ? 'summary_large_image' : 'summary', title, description, images: images?.map((image) => image.url) },
  }
}
