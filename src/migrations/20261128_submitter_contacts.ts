import type { MigrateDownArgs, MigrateUpArgs, MongooseAdapter } from '@payloadcms/db-mongodb'
import type { AnyBulkWriteOperation, Document } from 'mongodb'

import { FORM_SUBMISSIONS } from '@/plugins/formBuilder/constants'
import { submitterOf } from '@/plugins/formBuilder/fields/submitterFields'

const WRITE_BATCH = 500

/**
 * Form submissions stored before they carried their submitter get `submitterName` and
 * `submitterEmail` from their values (the team's list shows and sorts by them). Submissions
 * that already have them, or whose form asked for neither, are left as they are.
 */
export async function up({ payload, session }: MigrateUpArgs): Promise<void> {
  const model = (payload.db as unknown as MongooseAdapter).collections[FORM_SUBMISSIONS]
  if (!model) return
  const cursor = model.collection.find({ submitterName: { $exists: false }, submitterEmail: { $exists: false } }, { session, projection: { submissionData: 1 } })
  let batch: AnyBulkWriteOperation<Document>[] = []
  let updated = 0
  for await (const doc of cursor) {
    const { name, email } = submitterOf(doc.submissionData)
    if (!name && !email) continue
    batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { ...(name ? { submitterName: name } : {}), ...(email ? { submitterEmail: email } : {}) } } } })
    if (batch.length >= WRITE_BATCH) {
      updated += (await model.collection.bulkWrite(batch, { session })).modifiedCount
      batch = []
    }
  }
  if (batch.length) updated += (await model.collection.bulkWrite(batch, { session })).modifiedCount
  payload.logger.info({ msg: 'Form submissions now carry their submitter', updated })
}

export async function down({ payload, session }: MigrateDownArgs): Promise<void> {
  const model = (payload.db as unknown as MongooseAdapter).collections[FORM_SUBMISSIONS]
  if (!model) return
  await model.collection.updateMany({}, { $unset: { submitterName: '', submitterEmail: '' } }, { session })
}
