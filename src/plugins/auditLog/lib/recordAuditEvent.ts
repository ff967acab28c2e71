import type { PayloadRequest } from 'payload'

import type { AuditAction } from '../constants'
import { auditSafely } from './auditSafely'
import { recordAuditEntry } from './recordAuditEntry'

export type AuditEvent = { action: AuditAction; collection: string; id: string; title: string; details?: string }

/**
 * Records something another plugin reports about one of its documents (a webhook's secret shown
 * or rotated, an endpoint disabled, a backup taken or failed), by the signed-in user if any,
 * within the request.
 */
export async function recordAuditEvent(req: PayloadRequest, { action, collection, id, title, details }: AuditEvent): Promise<void> {
  await auditSafely(req, { collection, id, operation: action }, () =>
    recordAuditEntry(req, { action, sourceCollection: collection, documentId: id, documentTitle: title || null, details: details ?? null }),
  )
}
