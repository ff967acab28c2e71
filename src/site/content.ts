import { cache } from 'react'

import type { Category, Form, Media, Page, Post, SiteSetting } from '@payload-types'
import { siteApi } from './siteApi'

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

// The layout, generateMetadata and the page each ask for these while one request renders:
// React's cache() reads each once per request.

export const siteSettings = cache(async (): Promise<SiteSetting> => {
  const { folio } = await siteApi()
  return folio.findGlobal({ slug: 'site-settings', depth: 1 })
})

export const pageAt = cache(async (path: string): Promise<Page | undefined> => {
  const { folio, preview } = await siteApi()
  const { docs } = await folio.find({ collection: 'pages', where: { path: { equals: path } }, depth: 2, limit: 1, ...draftArgs(preview) })
  return docs[0]
})

export const postBySlug = cache(async (slug: string): Promise<Post | undefined> => {
  const { folio, preview } = await siteApi()
  const { docs } = await folio.find({ collection: 'posts', where: { slug: { equals: slug } }, depth: 2, limit: 1, ...draftArgs(preview) })
  return docs[0]
})

export const categoryBySlug = cache(async (slug: string): Promise<Category | undefined> => {
  const { folio } = await siteApi()
  const { docs } = await folio.find({ collection: 'categories', where: { slug: { equals: slug } }, depth: 0, limit: 1 })
  return docs[0]
})

export async function categories(): Promise<Category[]> {
  const { folio } = await siteApi()
  const { docs } = await folio.find({ collection: 'categories', sort: 'title', depth: 0, limit: 100 })
  return docs
}

/** A page of published posts, newest first, optionally of one category (once per request). */
export const postList = cache(async (page: number, categoryId?: string) => {
  const { folio } = await siteApi()
  return folio.find({
    collection: 'posts',
    where: categoryId ? { categories: { in: [categoryId] } } : {},
    sort: '-publishedAt',
    depth: 1,
    limit: POSTS_PER_PAGE,
    page,
  })
})

export async function search(q: string, page: number): Promise<SearchResults> {
  const { get } = await siteApi()
  const { status, body } = await get<SearchResults>('/search/query', { q, page: String(page), limit: '10' })
  if (status !== 200) return { results: [], totalDocs: 0, page: 1, totalPages: 0 }
  return body
}

export async function formTitled(title: string): Promise<Form | undefined> {
  const { folio } = await siteApi()
  const { docs } = await folio.find({ collection: 'forms', where: { title: { equals: title } }, depth: 0, limit: 1 })
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

/** Page numbers from the query string: whole, at least 1; anything else is page 1. */
export function pageNumber(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value)
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1
}
