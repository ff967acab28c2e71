import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import net from 'node:net'

import type { RequestHandler } from 'express'

import type { LocaleSettings } from '../settings'
import { splitLocalePrefix } from '../site/localePath'
import { SITE_LOCALE_HEADER, SITE_PATH_HEADER, SITE_TOKEN_HEADER, SITE_VISITOR_HEADER } from '../site/siteHeaders'

const sameSecret = (sent: string, token: string) => {
  const a = Buffer.from(sent)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

const isLoopback = (address: string | undefined) =>
  address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'))

/**
 * The visitor's address for every request: for the website's own API requests (loopback, with
 * this process's secret) the visitor the site answers, for everyone else `addressOf(req)` (the
 * socket or, behind a trusted proxy, X-Forwarded-For).
 */
export function siteAwareAddress(siteToken: string, addressOf: (req: IncomingMessage) => string) {
  return (req: IncomingMessage): string => {
    const sent = req.headers[SITE_TOKEN_HEADER]
    if (typeof sent === 'string' && isLoopback(req.socket.remoteAddress) && sameSecret(sent, siteToken)) {
      const visitor = req.headers[SITE_VISITOR_HEADER]
      return typeof visitor === 'string' && net.isIP(visitor) ? visitor : 'unknown'
    }
    return addressOf(req)
  }
}

/**
 * First on every request: Express' `req.ip` becomes the visitor's address as above, and requests
 * for pages (everything Next.js serves) carry it in SITE_VISITOR_HEADER, replacing any value the
 * client sent, so the site can pass it on to the API.
 *
 * The website's languages too: a path under another language's prefix (`/de/posts/x`) goes on
 * without it (`/posts/x`, the routes the site has once), its language in SITE_LOCALE_HEADER and
 * the path Next.js serves in SITE_PATH_HEADER. Both are set on every request, the default
 * language's when there is no prefix, so no visitor can choose them but through the path. The
 * default language's own prefix (`/en/about`) is sent to the address without it.
 */
export function recognizeSiteRequests(addressOf: (req: IncomingMessage) => string, locales: LocaleSettings): RequestHandler {
  return (req, res, next) => {
    const address = addressOf(req)
    Object.defineProperty(req, 'ip', { value: address, configurable: true })
    req.headers[SITE_VISITOR_HEADER] = address
    const { locale, url, redundantPrefix } = splitLocalePrefix(req.url, locales)
    if (redundantPrefix && (req.method === 'GET' || req.method === 'HEAD')) {
      res.set('Cache-Control', 'public, max-age=3600')
      res.redirect(301, url)
      return
    }
    req.url = url
    req.headers[SITE_LOCALE_HEADER] = locale
    req.headers[SITE_PATH_HEADER] = url.replace(/[?#].*$/s, '')
    next()
  }
}
