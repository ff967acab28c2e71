import { ValidationError, type CollectionBeforeValidateHook, type Where } from 'payload'
import { slugify } from 'payload/shared'

/**
 * Fills in the slug from the title on create and refuses a slug another document already uses,
 * naming the field. The unique index stays as the backstop against races; this check exists
 * because not every MongoDB-compatible server says which index a duplicate key broke.
 */
export const ensureUniqueSlug: CollectionBeforeValidateHook = async ({ collection, data, operation, originalDoc, req }) => {
  if (!data) return data
  let slug: unknown = data.slug
  if (!slug && operation === 'create' && typeof data.title === 'string') slug = slugify(data.title)
  if (typeof slug !== 'string' || slug === '') return data

  const where: Where = { slug: { equals: slug } }
  if (originalDoc?.id) where.id = { not_equals: originalDoc.id }
  const { totalDocs } = await req.payload.count({ collection: collection.slug, where, overrideAccess: true, req })
  if (totalDocs > 0) {
    throw new ValidationError({
      collection: collection.slug,
      errors: [{ path: 'slug', message: `The slug "${slug}" is already used by another document` }],
      req,
    })
  }
  return { ...data, slug }
}
