import { Router } from 'express'
import type { Payload } from 'payload'

import { pingDatabase } from '../db/pingDatabase'

export function healthRoutes(payload: Payload): Router {
  const router = Router()
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' })
  })
  router.get('/readyz', async (_req, res) => {
    const database = await pingDatabase(payload)
    res
      .status(database.ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: database.ok ? 'ready' : 'unavailable', database })
  })
  return router
}
