import type { CollectionSlug, PayloadRequest } from 'payload'

import { clientAddress } from '@/lib/clientAddress'
import { AUDIT_LOG } from '../constants'
import type { AuditEntry } from '../types'
import { currentJobTask } from './jobScope'
import { requestSource } from './requestSource'

type Actor = { id?: string | number | null; email?: string | null; collection?: string } | null | undefined

/** The users collection the log's `user` relation points to (the plugin's `usersCollection`). */
function usersCollectionOf(req: PayloadRequest): string | undefined {
  const field = req.payload.collections[AUDIT_LOG as CollectionSlug]?.config.fields.find((candidate) => 'name' in candidate && candidate.name === 'user')
  return field && 'relationTo' in field && typeof field.relationTo === 'string' ? field.relationTo : undefined
}

/** The entry's fields about who acted (the signed-in user unless told), from where: all but the change itself. */
export function describeRequest(req: PayloadRequest, actor: Actor = req.user) {
  return {
    user: actor?.collection !== undefined && actor.collection === usersCollectionOf(req) && actor.id != null ? String(actor.id) : null,
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
