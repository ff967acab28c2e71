import { cache } from 'react'

import { decodePath, isSitePath, localePath, splitLocalePrefix } from './localePath'
import { siteApi } from './siteApi'
import { requestPath, siteLocale, siteLocales } from './siteLocale'

/** A page's address in each language that has one (`{ en: '/about', de: '/de/ueber-uns' }`). */
export type LocalePaths = Partial<Record<string, string>>

export type AddressedCollection = 'posts' | 'pages' | 'categories'

/** Which field of a collection's documents their address comes from, and the address it makes. */
const ROUTES: Record<AddressedCollection, { field: 'slug' | 'path'; at: (value: string) => string }> = {
  posts: { field: 'slug', at: (slug) => `/posts/${slug}` },
  categories: { field: 'slug', at: (slug) => `/categories/${slug}` },
  pages: { field: 'path', at: (path) => path },
}

/** The site's own pages: the same path in every language, under its prefix. */
const FIXED_PATHS = new Set(['/posts', '/search'])

type Route = { collection: AddressedCollection; value: string } | 'fixed'

/**
 * What a path of the site (without its language's prefix) shows, as src/app/(site) routes it: a
 * fixed page, a post, a category, or else the page at that full path (the home page at `/`).
 */
export function routeOf(path: string): Route {
  if (FIXED_PATHS.has(path)) return 'fixed'
  const [first, second, ...more] = path.split('/').slice(1)
  if (second && more.length === 0 && first === 'posts') return { collection: 'posts', value: second }
  if (second && more.length === 0 && first === 'categories') return { collection: 'categories', value: second }
  return { collection: 'pages', value: path }
}

/** A path that is the same in every language, in each of them. */
export function everyLocale(path: string): LocalePaths {
  const locales = siteLocales()
  return Object.fromEntries(locales.codes.map((code) => [code, localePath(path, code, locales)]))
}

export type Addresses = {
  id: string
  /** Its address in each language: its own there, or, untranslated, the default language's under the prefix. */
  paths: LocalePaths
  /** Whether it has its own address, and so its own words, in the page's language. */
  translated: boolean
  /** Asked for at its default-language address although it has its own in the page's language: that one. */
  movedTo?: string
}

/**
 * The document of a collection at an address in the page's language: first the one whose own
 * slug (or page path) in that language it is, otherwise the one whose default-language slug it is
 * (a document not translated yet, or a link written with the default language's address), with
 * its addresses in every language. Queries match one language's values only, so both are asked
 * for by name (`slug.de`, `slug.en`) and the answer carries every language's (`locale=all`).
 */
export const addressesAt = cache(async (collection: AddressedCollection, value: string): Promise<Addresses | undefined> => {
  const { folio, preview } = await siteApi()
  const { code, defaultLocale } = await siteLocale()
  const locales = siteLocales()
  const { field, at } = ROUTES[collection]
  const inLocale = (locale: string) => ({ [`${field}.${locale}`]: { equals: value } })
  const { docs } = await folio.find({
    collection,
    where: code === defaultLocale ? inLocale(code) : { or: [inLocale(code), inLocale(defaultLocale)] },
    locale: 'all',
    depth: 0,
    limit: 2,
    select: { [field]: true },
    ...(preview ? { draft: true } : {}),
  })
  const valuesOf = (doc: object) => ((doc as Record<string, unknown>)[field] ?? {}) as Partial<Record<string, string | null>>
  const doc = docs.find((each) => valuesOf(each)[code] === value) ?? docs.find((each) => valuesOf(each)[defaultLocale] === value)
  if (!doc) return undefined
  const values = valuesOf(doc)
  const paths: LocalePaths = {}
  for (const locale of locales.codes) {
    const own = values[locale] || (locale === defaultLocale ? undefined : values[defaultLocale])
    if (own) paths[locale] = localePath(at(own), locale, locales)
  }
  const own = values[code]
  return { id: String(doc.id), paths, translated: Boolean(own), movedTo: own && own !== value ? paths[code] : undefined }
})

/** The page being rendered in every language, for the language switch: the home pages where it is no document's. */
export const pathsHere = cache(async (): Promise<LocalePaths> => {
  const path = await requestPath()
  const route = routeOf(path)
  if (route === 'fixed') return everyLocale(path)
  const found = await addressesAt(route.collection, route.value)
  return found && !found.movedTo ? found.paths : everyLocale('/')
})

/**
 * An internal link as a page in another language has it: where it names a document's
 * default-language address (the navigation's `/about`), that document's own address in the
 * page's language (`/de/ueber-uns`), so that no link leads through a redirect; any other path of
 * the site under the language's prefix. Links elsewhere are left as they are.
 */
export async function localHref(href: string): Promise<string> {
  const { code, defaultLocale, href: prefixed } = await siteLocale()
  if (code === defaultLocale || !isSitePath(href) || splitLocalePrefix(href, siteLocales()).url !== href) return href
  const [, path = href, rest = ''] = /^([^?#]*)(.*)$/s.exec(href) ?? []
  const route = routeOf(decodePath(path))
  const found = route === 'fixed' ? undefined : await addressesAt(route.collection, route.value)
  const own = found && (found.movedTo ?? found.paths[code])
  return own ? `${own}${rest}` : prefixed(href)
}
