import type { MetadataRoute } from 'next'

import { localePath } from '@/site/localePath'
import { siteApi } from '@/site/siteApi'
import { siteLocales } from '@/site/siteLocale'
import { siteURL } from '@/site/siteURL'

export const dynamic = 'force-dynamic'

/** `/sitemap.xml`: every published page and post, and the blog. Anonymous reads come in pages of at most 500 (src/plugins/queryLimits). */
const PAGE_SIZE = 500

/** Every document of a collection an anonymous reader may see, page by page, with the fields asked for. */
async function everything<T>(read: (page: number) => Promise<{ docs: T[]; hasNextPage: boolean }>): Promise<T[]> {
  const all: T[] = []
  for (let page = 1; ; page++) {
    const { docs, hasNextPage } = await read(page)
    all.push(...docs)
    if (!hasNextPage) return all
  }
}

/** Each language's value of a localized field, as `locale=all` reads it. */
type PerLocale = Partial<Record<string, string | null>>

/**
 * One sitemap for every language: each page, post and the blog once per language, at its address
 * there (its own slug or path, or the default language's under the prefix while untranslated),
 * each entry naming all of them as alternates (`<xhtml:link hreflang>`, `x-default` the
 * default language's), as search engines expect of a site in several languages.
 */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const { folio } = await siteApi()
  const locales = siteLocales()
  const base = siteURL()
  const [pages, posts] = await Promise.all([
    everything((page) => folio.find({ collection: 'pages', depth: 0, limit: PAGE_SIZE, page, locale: 'all', select: { path: true, updatedAt: true } })),
    everything((page) => folio.find({ collection: 'posts', depth: 0, limit: PAGE_SIZE, page, locale: 'all', sort: '-publishedAt', select: { slug: true, updatedAt: true } })),
  ])
  const entries = (values: PerLocale, at: (value: string) => string, lastModified?: string): MetadataRoute.Sitemap => {
    const languages: Record<string, string> = {}
    for (const locale of locales.codes) {
      const value = values[locale] || (locale === locales.defaultLocale ? undefined : values[locales.defaultLocale])
      if (value) languages[locale] = `${base}${localePath(at(value), locale, locales)}`
    }
    const alternates = { languages: { ...languages, 'x-default': languages[locales.defaultLocale] ?? Object.values(languages)[0] } }
    return Object.values(languages).map((url) => ({ url, lastModified, alternates }))
  }
  const byPath = (values: PerLocale) => values[locales.defaultLocale] ?? Object.values(values).find(Boolean) ?? ''
  const pathsOf = (page: { path?: unknown }) => (page.path ?? {}) as PerLocale
  const slugsOf = (post: { slug?: unknown }) => (post.slug ?? {}) as PerLocale
  const blog = Object.fromEntries(locales.codes.map((locale) => [locale, '/posts']))
  // `sort` by a localized field means nothing to a `locale=all` read: the pages are put in order here.
  const sortedPages = [...pages].sort((a, b) => byPath(pathsOf(a)).localeCompare(byPath(pathsOf(b))))
  return [
    ...sortedPages.flatMap((page) => entries(pathsOf(page), (path) => path, page.updatedAt)),
    ...entries(blog, (path) => path, posts[0]?.updatedAt),
    ...posts.flatMap((post) => entries(slugsOf(post), (slug) => `/posts/${slug}`, post.updatedAt)),
  ]
}
