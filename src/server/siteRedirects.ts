import type { RequestHandler } from 'express'

import type { LocaleSettings } from '../settings'
import { localePath } from '../site/localePath'
import { SITE_LOCALE_HEADER } from '../site/siteHeaders'
import type { FetchHandler } from './FetchHandler'

/** Paths that are never a redirect's: the admin, Next.js' assets, the API. */
const NOT_REDIRECTED = /^\/(admin|_next|api)(\/|$)/

type Options = { apiRoute: string; origin: string; locales: LocaleSettings }

/**
 * Redirects from the *Redirects* collection, answered before the website renders anything: a
 * real 301 or 302 with Location, from the redirects plugin's lookup (`/api/redirects/lookup`),
 * asked through Folio's response cache so that a page view costs a cache hit, and dropped from
 * it exactly when a redirect (or the document it points to) changes.
 *
 * Under another language's prefix (`/de/blog`, which siteRequests has already taken off the
 * path) the same redirect applies, and leads to its target in that language: a post's or page's
 * address there, under the prefix.
 */
export function siteRedirects(lookup: FetchHandler, { apiRoute, origin, locales }: Options): RequestHandler {
  return async (req, res, next) => {
    if (NOT_REDIRECTED.test(req.path)) return next()
    try {
      const locale = req.get(SITE_LOCALE_HEADER) ?? locales.defaultLocale
      const url = new URL(`${apiRoute}/redirects/lookup`, origin)
      url.searchParams.set('path', req.url)
      if (locale !== locales.defaultLocale) url.searchParams.set('locale', locale)
      const response = await lookup(new Request(url))
      if (response.status !== 200) return next()
      const { to, status } = (await response.json()) as { to?: string; status?: number }
      if (!to || (status !== 301 && status !== 302)) return next()
      res.set('Cache-Control', status === 301 ? 'public, max-age=3600' : 'no-store')
      res.redirect(status, localePath(to, locale, locales))
    } catch (error) {
      next(error)
    }
  }
}
