import type { PayloadRequest } from 'payload'

import type { AuditSource } from '../constants'
import { currentJobTask } from './jobScope'

/** True when a REST call was made from a page of the admin panel (the browser names it as referrer). */
function isFromAdmin(req: PayloadRequest): boolean {
  const referrer = req.headers?.get('referer')
  if (!referrer) return false
  const adminRoute = req.payload.config.routes.admin
  try {
    const { pathname } = new URL(referrer)
    return pathname === adminRoute || pathname.startsWith(`${adminRoute}/`)
  } catch {
    return false
  }
}

/** Where the request that changed something came from (informational: a client can fake a referrer). */
export function requestSource(req: PayloadRequest): AuditSource {
  if (currentJobTask()) return 'job'
  if (req.payloadAPI === 'GraphQL') return 'api'
  if (req.payloadAPI === 'REST') return isFromAdmin(req) ? 'admin' : 'api'
  return 'local'
}
