import type { PayloadRequest } from 'payload'

import { AUDIT_LOG, USERS } from '../../../../collections/slugs'
import { clientAddress } from '../../../lib/clientAddress'
import type { AuditEntry } from '../types'
import { currentJobTask } from './jobScope'
import { requestSource } from './requestSource'

type Actor = { id?: string | number | null; email?: string | null; collection?: string } | null | undefined

/** The entry's fields about who acted (the signed-in user unless told), from where: all but the change itself. */
export function describeRequest(req: PayloadRequest, actor: Actor = req.user as Actor) {
  return {
    user: actor?.collection === USERS && actor.id != null ? String(actor.id) : null,
    userEmail: actor?.email ?? null,
    ip: clientAddress(req) ?? null,
    source: requestSource(req),
    job: currentJobTask() ?? null,
  }
}

/** Writes an entry within the request (callers run it through auditSafely). */
export async function recordAuditEntry(req: PayloadRequest, { actor, ...entry }: AuditEntry): Promise<void> {
  const data = { ...entry, ...describeRequest(req, actor) }
  await req.payload.create({ collection: AUDIT_LOG, data, req, overrideAccess: true, depth: 0 })
}
