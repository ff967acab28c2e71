import type { RequestHandler } from 'express'
import helmet from 'helmet'

type Options = {
  serverURL: string
  /** The website the admin's live preview frames. */
  frontendURL: string
  dev: boolean
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/**
 * Security headers (helmet) for the two kinds of answer Folio gives. The API answers JSON and
 * files that frontends on other origins fetch and embed, so its resources may be loaded
 * cross-origin, but nothing it sends runs script or may be framed. The admin (Next.js) gets a
 * Content-Security-Policy as strict as its inline bootstrap allows: scripts, styles and
 * connections from Folio's own origin only, frames of the live-preview site only, and framed by
 * nobody but Folio itself (the reference website at `/` is previewed inside the admin). HSTS only
 * when Folio is served over https.
 */
export function securityHeaders({ serverURL, frontendURL, dev }: Options): { api: RequestHandler; admin: RequestHandler; reference: RequestHandler } {
  const hsts = serverURL.startsWith('https:') ? { maxAge: 60 * 60 * 24 * 365, includeSubDomains: true } : false
  const preview = originOf(frontendURL)
  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginOpenerPolicy: false,
    strictTransportSecurity: hsts,
    xFrameOptions: { action: 'deny' },
  })
  const admin = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        // Next.js bootstraps each page with inline scripts; dev mode also evaluates modules.
        'script-src': ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : [])],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", ...(dev ? ['ws:', 'wss:'] : [])],
        'frame-src': ["'self'", ...(preview ? [preview] : [])],
        'frame-ancestors': ["'self'"],
        'form-action': ["'self'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: hsts,
    xFrameOptions: { action: 'sameorigin' },
  })
  // The API reference page (src/server/apiReference.ts): its own scripts and styles, and swagger-ui's inline styles.
  const reference = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
      },
    },
    strictTransportSecurity: hsts,
    xFrameOptions: { action: 'deny' },
  })
  return { api, admin, reference }
}
