import { PayloadSDK } from '@payloadcms/sdk'
import { cookies, draftMode, headers } from 'next/headers'
import { cache } from 'react'

import type { Config } from '@payload-types'
import { SITE_ORIGIN_ENV, SITE_TOKEN_ENV, SITE_TOKEN_HEADER, SITE_VISITOR_HEADER } from './siteHeaders'

/** Payload's sign-in cookie (Folio keeps Payload's default prefix). */
export const SESSION_COOKIE = 'payload-token'

export type SiteApi = {
  /** Payload's typed client on Folio's REST API; posts and pages come with `contentHtml`. */
  folio: PayloadSDK<Config>
  /** GET of one of Folio's own endpoints (search, redirects, form tokens): the JSON and the status. */
  get: <T>(path: string, params?: Record<string, string>) => Promise<{ status: number; body: T }>
  post: <T>(path: string, body: unknown, params?: Record<string, string>) => Promise<{ status: number; body: T }>
  /** Draft mode is on and the visitor's session is sent along: the API decides what drafts they see. */
  preview: boolean
}

/** Where the API listens, as the running server announced it; SERVER_URL when the site runs alone. */
export function apiOrigin(): string {
  return process.env[SITE_ORIGIN_ENV] || (process.env.SERVER_URL ?? 'http://localhost:3000').replace(/\/+$/, '')
}

/**
 * The headers of the site's own API requests: this process's secret and the visitor's address
 * (src/server/siteRequests.ts), and the visitor's session when it is to go along.
 */
export function siteRequestHeaders(visitor: string | null, session?: string): Record<string, string> {
  const requestHeaders: Record<string, string> = {
    [SITE_TOKEN_HEADER]: process.env[SITE_TOKEN_ENV] ?? '',
    [SITE_VISITOR_HEADER]: visitor ?? '',
    // Loopback: compressing costs more than sending.
    'accept-encoding': 'identity',
  }
  if (session) requestHeaders.authorization = `JWT ${session}`
  return requestHeaders
}

/** Rich text as HTML, rendered by Folio (src/fields/richTextHtml): the site needs no client code for it. */
const withHtml = (url: URL) => {
  if (/\/api\/(posts|pages)(\/|$)/.test(url.pathname)) url.searchParams.set('html', 'true')
  return url
}

/**
 * The site's API client for the request being rendered: anonymous (and so answered from Folio's
 * response cache) unless draft mode is on, in which case the visitor's own session goes along
 * and Folio decides, per request, whether they may read drafts.
 */
export const siteApi = cache(async (): Promise<SiteApi> => {
  const { isEnabled } = await draftMode()
  const session = isEnabled ? (await cookies()).get(SESSION_COOKIE)?.value : undefined
  const base = siteRequestHeaders((await headers()).get(SITE_VISITOR_HEADER), session)
  const origin = apiOrigin()
  const send = (url: URL, init: RequestInit = {}) =>
    fetch(url, { ...init, cache: 'no-store', headers: { ...base, ...(init.headers as Record<string, string> | undefined) } })
  const folio = new PayloadSDK<Config>({
    baseURL: `${origin}/api`,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => send(withHtml(new URL(input instanceof Request ? input.url : input)), init),
  })
  const call = async <T>(method: string, path: string, params?: Record<string, string>, body?: unknown) => {
    const url = new URL(`${origin}/api${path}`)
    for (const [name, value] of Object.entries(params ?? {})) url.searchParams.set(name, value)
    const response = await send(url, body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    const text = await response.text()
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T }
  }
  return {
    folio,
    get: (path, params) => call('GET', path, params),
    post: (path, body, params) => call('POST', path, params, body),
    preview: Boolean(session),
  }
})
