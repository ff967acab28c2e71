import type { CollectionConfig } from 'payload'

import { slugField } from '@/fields/slug'
import { anyone } from '@/access/anyone'
import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { ensureUniqueSlug } from '@/hooks/ensureUniqueSlug'
import { CATEGORIES } from './slugs'

export const Categories: CollectionConfig = {
  slug: CATEGORIES,
  // A category in a post: its name and where it lives.
  defaultPopulate: { title: true, slug: true, description: true },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'slug', 'updatedAt'],
  },
  access: {
    create: isEditorOrAdmin,
    read: anyone,
    update: isEditorOrAdmin,
    delete: isEditorOrAdmin,
  },
  hooks: {
    beforeValidate: [ensureUniqueSlug],
  },
  fields: [
    {
      name: 'title',
      type: 'text',
      required: true,
      maxLength: 120,
      localized: true,
    },
    slugField({ required: false, localized: true }),
    {
      name: 'description',
      type: 'textarea',
      maxLength: 500,
      localized: true,
    },
  ],
}
