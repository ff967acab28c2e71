import type { RequestHandler } from 'express'

import type { FetchHandler } from './FetchHandler'

/** Paths that are never a redirect's: the admin, Next.js' assets, the API. */
const NOT_REDIRECTED = /^\/(admin|_next|api)(\/|$)/

/**
 * Redirects from the *Redirects* collection, answered before the website renders anything: a
 * real 301 or 302 with Location, from the redirects plugin's lookup (`/api/redirects/lookup`),
 * asked through Folio's response cache so that a page view costs a cache hit, and dropped from
 * it exactly when a redirect (or the document it points to) changes.
 */
export function siteRedirects(lookup: FetchHandler, { apiRoute, origin }: { apiRoute: string; origin: string }): RequestHandler {
  return async (req, res, next) => {
    if (NOT_REDIRECTED.test(req.path)) return next()
    try {
      const url = new URL(`${apiRoute}/redirects/lookup`, origin)
      url.searchParams.set('path', req.originalUrl)
      const response = await lookup(new Request(url))
      if (response.status !== 200) return next()
      const { to, status } = (await response.json()) as { to?: string; status?: number }
      if (!to || (status !== 301 && status !== 302)) return next()
      res.set('Cache-Control', status === 301 ? 'public, max-age=3600' : 'no-store')
      res.redirect(status, to)
    } catch (error) {
      next(error)
    }
  }
}
