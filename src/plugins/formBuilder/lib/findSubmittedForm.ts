import type { PayloadRequest } from 'payload'

import { FORMS } from '../constants'
import type { Form } from '@payload-types'
import { ClientError } from '@/errors/ClientError'
import { isDocumentId } from '@/lib/isDocumentId'

/** The form a submission answers, with its fields; a 400 naming it when it does not exist. */
export async function findSubmittedForm(req: PayloadRequest, id: string): Promise<Pick<Form, 'id' | 'fields'>> {
  const form = isDocumentId(id)
    ? await req.payload.db.findOne<Form>({ collection: FORMS, where: { id: { equals: id } }, req })
    : null
  if (!form) throw new ClientError(`Form "${id}" does not exist`)
  return form
}
