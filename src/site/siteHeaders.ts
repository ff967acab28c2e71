/**
 * How the website (Next.js, in Folio's own process) reads Folio's API over loopback like any
 * frontend, while the API still sees each visitor: the site sends a per-process secret and the
 * visitor's address, and the API counts rate limits and form submissions against that address.
 * A request without the secret is an ordinary client's, and its headers of these names are ignored.
 */
export const SITE_TOKEN_HEADER = 'x-folio-site-token'
/** The visitor's address, as Folio's entry point determined it, on site requests to Next and from the site to the API. */
export const SITE_VISITOR_HEADER = 'x-folio-site-visitor'
/**
 * The language of the page asked for, from its path's prefix (`/de/…`), and the path Next.js
 * serves without it: set by Folio's entry point on every request, replacing anything the client
 * sent (src/server/siteRequests.ts).
 */
export const SITE_LOCALE_HEADER = 'x-folio-site-locale'
export const SITE_PATH_HEADER = 'x-folio-site-path'

/** Environment variables through which the running server tells the site where the API listens. */
export const SITE_ORIGIN_ENV = 'FOLIO_SITE_API_ORIGIN'
export const SITE_TOKEN_ENV = 'FOLIO_SITE_TOKEN'
/** The website's public address (settings.frontendURL), for absolute links in feeds, sitemaps and meta tags. */
export const SITE_URL_ENV = 'FOLIO_SITE_URL'
/** Folio's own address (settings.serverURL), which media URLs start with. */
export const SERVER_URL_ENV = 'FOLIO_SERVER_URL'
