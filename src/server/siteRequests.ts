import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import net from 'node:net'

import type { RequestHandler } from 'express'

import { SITE_TOKEN_HEADER, SITE_VISITOR_HEADER } from '../site/siteHeaders'

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
 */
export function recognizeSiteRequests(addressOf: (req: IncomingMessage) => string): RequestHandler {
  return (req, _res, next) => {
    const address = addressOf(req)
    Object.defineProperty(req, 'ip', { value: address, configurable: true })
    req.headers[SITE_VISITOR_HEADER] = address
    next()
  }
}
