import { SERVER_URL_ENV, SITE_URL_ENV } from './siteHeaders'

/** The website's public address (FRONTEND_URL, by default Folio's SERVER_URL), for canonical links, feeds and sitemaps. */
export function siteURL(): string {
  return (process.env[SITE_URL_ENV] || process.env.SERVER_URL || 'http://localhost:3000').replace(/\/+$/, '')
}

/**
 * Folio's own URLs (media files and variants) relative to the site's root, so the images load from
 * whichever address a visitor reached the site at (and the Content-Security-Policy's 'self' allows them).
 */
export function onThisSite(urls: string): string {
  const server = (process.env[SERVER_URL_ENV] ?? '').replace(/\/+$/, '')
  return server ? urls.replaceAll(`${server}/`, '/') : urls
}
