import { ValidationError, type CollectionBeforeValidateHook, type Where } from 'payload'

import type { StoredDocument } from '@/lib/StoredDocument'

type Options = {
  field: string
  /** The value as it will be stored, from the incoming data (and the stored document on update). */
  normalize: (data: Record<string, unknown>, operation: 'create' | 'update') => string | undefined
  label?: string
}

/**
 * Refuses a value another document already uses, naming the field and the value in words an
 * editor understands, and stores it normalised. The unique index stays as the backstop against
 * races (Payload then answers its own "Value must be unique").
 */
export const ensureUnique =
  ({ field, normalize, label = field }: Options): CollectionBeforeValidateHook<StoredDocument> =>
  async ({ collection, data, operation, originalDoc, req }) => {
    if (!data || (operation !== 'create' && operation !== 'update')) return data
    const value = normalize(data, operation)
    if (!value) return data

    const where: Where = { [field]: { equals: value } }
    // A password reset runs these hooks with the stored user as `data` and no `originalDoc`.
    const ownId = originalDoc?.id ?? (operation === 'update' ? data.id : undefined)
    if (ownId) where.id = { not_equals: ownId }
    const { totalDocs } = await req.payload.count({ collection: collection.slug, where, overrideAccess: true, req })
    if (totalDocs > 0) {
      throw new ValidationError({
        collection: collection.slug,
        errors: [{ path: field, message: `The ${label} "${value}" is already used by another document` }],
        req,
      })
    }
    return { ...data, [field]: value }
  }
