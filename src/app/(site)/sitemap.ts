import type { MetadataRoute } from 'next'

import { siteApi } from '@/site/siteApi'
import { siteURL } from '@/site/siteURL'

export const dynamic = 'force-dynamic'

/** `/sitemap.xml`: every published page and post, and the blog. Anonymous reads come in pages of at most 500 (src/plugins/queryLimits). */
const PAGE_SIZE = 500

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const { folio } = await siteApi()
  const base = siteURL()
  const pages: { path?: string | null; updatedAt: string }[] = []
  const posts: { slug?: string | null; updatedAt: string }[] = []
  for (let page = 1; ; page++) {
    const { docs, hasNextPage } = await folio.find({ collection: 'pages', depth: 0, limit: PAGE_SIZE, page, sort: 'path', select: { path: true, updatedAt: true } })
    pages.push(...docs)
    if (!hasNextPage) break
  }
  for (let page = 1; ; page++) {
    const { docs, hasNextPage } = await folio.find({ collection: 'posts', depth: 0, limit: PAGE_SIZE, page, sort: '-publishedAt', select: { slug: true, updatedAt: true } })
    posts.push(...docs)
    if (!hasNextPage) break
  }
  return [
    ...pages.filter((page) => page.path).map((page) => ({ url: `${base}${page.path}`, lastModified: page.updatedAt })),
    { url: `${base}/posts`, lastModified: posts[0]?.updatedAt },
    ...posts.map((post) => ({ url: `${base}/posts/${post.slug}`, lastModified: post.updatedAt })),
  ]
}
