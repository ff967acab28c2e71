import type { CollectionConfig } from 'payload'

import { slugField } from '@/fields/slug'
import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { isStaff } from '@/access/isStaff'
import { publishedOrStaff } from '@/access/publishedOrStaff'
import { CallToActionBlock } from '@/blocks/CallToActionBlock'
import { FormBlock } from '@/blocks/FormBlock'
import { HeroBlock } from '@/blocks/HeroBlock'
import { MediaBlock } from '@/blocks/MediaBlock'
import { RichTextBlock } from '@/blocks/RichTextBlock'
import { setPublishedAt } from '@/hooks/setPublishedAt'
import { ensureUniqueSlug } from '@/hooks/ensureUniqueSlug'
import { PAGES } from '../slugs'
import { preventParentLoop } from './hooks/preventParentLoop'
import { setPagePath } from './hooks/setPagePath'
import { editorialVersions } from '../content/editorialVersions'
import { lastEditedBy } from '../content/lastEditedBy'
import { describeDocuments } from '../content/describeDocuments'

export const Pages: CollectionConfig = {
  slug: PAGES,
  // A page linked from another document: its title and address.
  defaultPopulate: { title: true, slug: true, path: true },
  enableQueryPresets: true,
  folders: true,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'path', '_status', 'lastEditedBy', 'updatedAt'],
    // Publish, and Folio's Schedule drawer (the REST schedule rules, the editor's timezone).
    components: { edit: { PublishButton: '/admin/components/SchedulePublish' } },
  },
  access: {
    create: isEditorOrAdmin,
    read: publishedOrStaff,
    readVersions: isStaff,
    update: isEditorOrAdmin,
    delete: isEditorOrAdmin,
  },
  versions: editorialVersions,
  hooks: {
    beforeValidate: [ensureUniqueSlug, preventParentLoop],
    // The nested-docs plugin puts its breadcrumbs hook before these.
    beforeChange: [setPublishedAt, setPagePath],
  },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 200, localized: true },
    slugField({ required: false, localized: true }),
    {
      name: 'path',
      type: 'text',
      index: true,
      // Each language's path from its own slugs: /about/team, /ueber-uns/team.
      localized: true,
      admin: {
        position: 'sidebar',
        readOnly: true,
        description: 'The full path on the website, from the parent pages: /about/team.',
      },
    },
    {
      name: 'layout',
      type: 'blocks',
      blocks: [HeroBlock, RichTextBlock(describeDocuments), MediaBlock, CallToActionBlock, FormBlock],
    },
    {
      name: 'publishedAt',
      type: 'date',
      admin: { position: 'sidebar' },
    },
    lastEditedBy,
  ],
}
