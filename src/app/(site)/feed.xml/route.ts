import { siteSettings } from '@/site/content'
import { siteApi } from '@/site/siteApi'
import { siteLocale } from '@/site/siteLocale'
import { siteURL } from '@/site/siteURL'

export const dynamic = 'force-dynamic'

const FEED_SIZE = 20

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)

/**
 * `/feed.xml`: the newest posts as RSS 2.0, each with its excerpt. One feed per language
 * (`/de/feed.xml`), as readers subscribe in theirs: its posts read in it (untranslated ones in the
 * default language's words), linked at their addresses in it.
 */
export async function GET(): Promise<Response> {
  const [{ folio }, { code, href }] = await Promise.all([siteApi(), siteLocale()])
  const [settings, { docs }] = await Promise.all([
    siteSettings(),
    folio.find({ collection: 'posts', sort: '-publishedAt', limit: FEED_SIZE, depth: 0, locale: code, select: { title: true, slug: true, excerpt: true, publishedAt: true } }),
  ])
  const base = siteURL()
  const items = docs
    .map((post) => {
      const link = `${base}${href(`/posts/${post.slug}`)}`
      return [
        '    <item>',
        `      <title>${escapeXml(post.title)}</title>`,
        `      <link>${escapeXml(link)}</link>`,
        `      <guid isPermaLink="true">${escapeXml(link)}</guid>`,
        post.publishedAt ? `      <pubDate>${new Date(post.publishedAt).toUTCString()}</pubDate>` : '',
        post.excerpt ? `      <description>${escapeXml(post.excerpt)}</description>` : '',
        '    </item>',
      ]
        .filter(Boolean)
        .join('\n')
    })
    .join('\n')
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(settings.siteName)}</title>
    <link>${escapeXml(`${base}${href('/')}`)}</link>
    <description>${escapeXml(settings.tagline || settings.siteName)}</description>
    <language>${escapeXml(code)}</language>
    <atom:link href="${escapeXml(`${base}${href('/feed.xml')}`)}" rel="self" type="application/rss+xml" />
${items}
  </channel>
</rss>
`
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8', 'Cache-Control': 'public, max-age=0, s-maxage=300' } })
}
