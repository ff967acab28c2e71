import type { PayloadRequest } from 'payload'

import { transactionOf } from '@/db/transactions'

/**
 * Runs the recording of an entry within the request, and so within its transaction on MongoDB:
 * a change that is rolled back leaves no entry, and an entry that cannot be written rolls the
 * change back (the client gets a 500; no change goes unrecorded). Without a transaction (the
 * local database, a MongoDB that is no replica set) the change is already stored when its entry
 * is written: a failure is then logged, with what was known, instead of failing a request whose
 * change has happened.
 */
export async function auditSafely(req: PayloadRequest, context: Record<string, unknown>, record: () => Promise<void>): Promise<void> {
  try {
    await record()
  } catch (error) {
    if ((await transactionOf(req)) !== null) throw error
    req.payload.logger.error({ err: error, ...context }, 'could not write the audit log entry')
  }
}
