import { slugify } from 'payload/shared'

import { ensureUnique } from './ensureUnique'

/** The slug as Payload's slugField will store it: from `slug`, or from `title` on create. */
export const ensureUniqueSlug = ensureUnique({
  field: 'slug',
  normalize: (data, operation) => {
    const source = data.slug || (operation === 'create' ? data.title : undefined)
    return typeof source === 'string' ? slugify(source) || undefined : undefined
  },
})
