import type { MetadataRoute } from 'next'

import { siteApi } from '@/site/siteApi'
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

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const { folio } = await siteApi()
  const base = siteURL()
  const [pages, posts] = await Promise.all([
    everything((page) => folio.find({ collection: 'pages', depth: 0, limit: PAGE_SIZE, page, sort: 'path', select: { path: true, updatedAt: true } })),
    everything((page) => folio.find({ collection: 'posts', depth: 0, limit: PAGE_SIZE, page, sort: '-publishedAt', select: { slug: true, updatedAt: true } })),
  ])
  return [
    ...pages.filter((page) => page.path).map((page) => ({ url: `${base}${page.path}`, lastModified: page.updatedAt })),
    { url: `${base}/posts`, lastModified: posts[0]?.updatedAt },
    ...posts.map((post) => ({ url: `${base}/posts/${post.slug}`, lastModified: post.updatedAt })),
  ]
}
