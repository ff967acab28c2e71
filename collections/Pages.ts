import { slugField, type CollectionConfig } from 'payload'

import { isEditorOrAdmin } from '../src/access/isEditorOrAdmin'
import { isStaff } from '../src/access/isStaff'
import { publishedOrStaff } from '../src/access/publishedOrStaff'
import { CallToActionBlock } from '../src/blocks/CallToActionBlock'
import { HeroBlock } from '../src/blocks/HeroBlock'
import { MediaBlock } from '../src/blocks/MediaBlock'
import { RichTextBlock } from '../src/blocks/RichTextBlock'
import { setPublishedAt } from '../src/hooks/setPublishedAt'
import { ensureUniqueSlug } from '../src/hooks/ensureUniqueSlug'
import { PAGES } from './slugs'

export const Pages: CollectionConfig = {
  slug: PAGES,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'slug', '_status', 'updatedAt'],
  },
  access: {
    create: isEditorOrAdmin,
    read: publishedOrStaff,
    readVersions: isStaff,
    update: isEditorOrAdmin,
    delete: isEditorOrAdmin,
  },
  versions: {
    drafts: {
      autosave: { interval: 2000 },
    },
    maxPerDoc: 50,
  },
  hooks: {
    beforeValidate: [ensureUniqueSlug],
    beforeChange: [setPublishedAt],
  },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    slugField({ required: false }),
    {
      name: 'layout',
      type: 'blocks',
      blocks: [HeroBlock, RichTextBlock, MediaBlock, CallToActionBlock],
    },
    {
      name: 'publishedAt',
      type: 'date',
      admin: { position: 'sidebar' },
    },
  ],
}
