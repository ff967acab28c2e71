import { siteURL } from '@/site/siteURL'

export const dynamic = 'force-dynamic'

/** `/robots.txt`: the site is open to crawlers; the admin, previews and search results are not. */
export function GET(): Response {
  const body = ['User-agent: *', 'Allow: /', 'Disallow: /admin', 'Disallow: /preview', 'Disallow: /search', '', `Sitemap: ${siteURL()}/sitemap.xml`, ''].join('\n')
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } })
}
