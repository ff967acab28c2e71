import express, { Router, type RequestHandler } from 'express'

import { OPENAPI_PATH, swaggerUiDir } from '@/plugins/openapi'

/** swagger-ui-dist's files the page loads; nothing else of the package is served. */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png'])

const page = (base: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Folio API reference</title>
<link rel="icon" href="${base}/assets/favicon-32x32.png">
<link rel="stylesheet" href="${base}/assets/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="${base}/assets/swagger-ui-bundle.js"></script>
<script src="${base}/init.js"></script>
</body>
</html>
`

const init = (specUrl: string) => `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(specUrl)},
  dom_id: '#reference',
  deepLinking: true,
  tryItOutEnabled: false,
  withCredentials: true,
})
`

/**
 * The interactive API reference at /api/docs: swagger-ui (from the swagger-ui-dist package,
 * served by Folio itself, no CDN) reading /api/openapi.json. Its own Content-Security-Policy
 * (`headers`) allows only Folio's own scripts.
 */
export function apiReference({ apiRoute, headers }: { apiRoute: string; headers: RequestHandler }): Router {
  const base = `${apiRoute}/docs`
  const router = Router()
  const html = page(base)
  const script = init(`${apiRoute}${OPENAPI_PATH}`)
  router.get(base, headers, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('html').send(html)
  })
  router.get(`${base}/init.js`, headers, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('js').send(script)
  })
  const files = express.static(swaggerUiDir(), { index: false, maxAge: '1d', fallthrough: false })
  router.get(`${base}/assets/:file`, headers, (req, res, next) => {
    const file = String(req.params.file)
    if (!ASSETS.has(file)) {
      next()
      return
    }
    req.url = `/${file}`
    files(req, res, next)
  })
  return router
}
