import { cache } from 'react'

import type { Category, Form, Media, Page, Post, SiteSetting } from '@payload-types'
import { addressesAt, localHref, type Addresses, type AddressedCollection } from './addresses'
import { siteApi } from './siteApi'
import { siteLocale } from './siteLocale'

export const POSTS_PER_PAGE = 10

/** What Folio's search endpoint answers (src/plugins/search/endpoints/searchQuery.ts). */
export type SearchResults = {
  results: { collection: string; id: string; title: string; path: string; publishedAt?: string | null; snippet: string }[]
  totalDocs: number
  page: number
  totalPages: number
  truncated?: boolean
}

const draftArgs = (preview: boolean) => (preview ? { draft: true } : {})

/** The client and the page's language, which every read of content passes on (`?locale=de`). */
const reader = async () => {
  const [{ folio, get, preview }, { code }] = await Promise.all([siteApi(), siteLocale()])
  return { folio, get, preview, locale: code }
}

/** A document found at an address of the site: read in the page's language, with its addresses in every language. */
export type Found<T> = Omit<Addresses, 'movedTo'> & { doc: T }
/** What an address finds: the document, where it lives now in the page's language, or nothing. */
export type Lookup<T> = Found<T> | { movedTo: string } | undefined

/** The document at an address (src/site/addresses.ts), read whole in the page's language: untranslated fields in the default's. */
async function lookUp<T>(collection: AddressedCollection, value: string, depth: number): Promise<Lookup<T>> {
  const found = await addressesAt(collection, value)
  if (!found) return undefined
  if (found.movedTo) return { movedTo: found.movedTo }
  const { folio, preview, locale } = await reader()
  const { docs } = await folio.find({ collection, where: { id: { equals: found.id } }, depth, limit: 1, locale, ...draftArgs(preview) })
  const { id, paths, translated } = found
  return docs[0] ? { id, paths, translated, doc: docs[0] as T } : undefined
}

// The layout, generateMetadata and the page each ask for these while one request renders:
// React's cache() reads each once per request.

export const siteSettings = cache(async (): Promise<SiteSetting> => {
  const { folio, locale } = await reader()
  return folio.findGlobal({ slug: 'site-settings', depth: 1, locale })
})

export const pageAt = cache(async (path: string): Promise<Lookup<Page>> => lookUp<Page>('pages', path, 2))

export const postAt = cache(async (slug: string): Promise<Lookup<Post>> => lookUp<Post>('posts', slug, 2))

export const categoryAt = cache(async (slug: string): Promise<Lookup<Category>> => lookUp<Category>('categories', slug, 0))

export const categories = cache(async (): Promise<Category[]> => {
  const { folio, locale } = await reader()
  const { docs } = await folio.find({ collection: 'categories', sort: 'title', depth: 0, limit: 100, locale })
  return docs
})

/** A page of published posts, newest first, optionally of one category (once per request). */
export const postList = cache(async (page: number, categoryId?: string) => {
  const { folio, locale } = await reader()
  return folio.find({
    collection: 'posts',
    where: categoryId ? { categories: { in: [categoryId] } } : {},
    sort: '-publishedAt',
    depth: 1,
    limit: POSTS_PER_PAGE,
    page,
    locale,
  })
})

/** Search in the page's language: its words, and untranslated documents by the default language's. */
export async function search(q: string, page: number): Promise<SearchResults> {
  const { get, locale } = await reader()
  const { status, body } = await get<SearchResults>('/search/query', { q, page: String(page), limit: '10', locale })
  if (status !== 200) return { results: [], totalDocs: 0, page: 1, totalPages: 0 }
  return body
}

export async function formTitled(title: string): Promise<Form | undefined> {
  const { folio, locale } = await reader()
  const { docs } = await folio.find({ collection: 'forms', where: { title: { equals: title } }, depth: 0, limit: 1, locale })
  return docs[0]
}

/** A fresh one-use token for a form (src/plugins/formBuilder/endpoints/issueFormToken.ts). */
export async function formToken(formId: string): Promise<string | undefined> {
  const { get } = await siteApi()
  const { status, body } = await get<{ token?: string }>(`/forms/${formId}/token`)
  return status === 200 ? body.token : undefined
}

/** A post's authors' names, as `populatedAuthors` gives them to anyone. */
export const authorNames = (post: Post): string[] => (post.populatedAuthors ?? []).map((author) => author.name).filter((name): name is string => Boolean(name))

export const isMedia = (value: unknown): value is Media => Boolean(value && typeof value === 'object' && 'url' in value)
export const isPage = (value: unknown): value is Page => Boolean(value && typeof value === 'object' && 'slug' in value)
export const isCategory = (value: unknown): value is Category => Boolean(value && typeof value === 'object' && 'title' in value)

/** Where a link field points: its URL, or the linked page's path. */
export function linkHref(link: { type?: 'url' | 'page' | null; url?: string | null; page?: string | Page | null }): string | undefined {
  if (link.type === 'page') return isPage(link.page) ? link.page.path || undefined : undefined
  return link.url || undefined
}

/**
 * Where a link field points on the page's language's site: a linked page at its path there (read
 * in that language), a URL of the site as localHref has it, any other URL as it is.
 */
export async function localLinkHref(link: Parameters<typeof linkHref>[0]): Promise<string | undefined> {
  const href = linkHref(link)
  if (!href) return undefined
  return link.type === 'page' ? (await siteLocale()).href(href) : localHref(href)
}

/** Page numbers from the query string: whole, at least 1; anything else is page 1. */
export function pageNumber(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value)
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1
}
