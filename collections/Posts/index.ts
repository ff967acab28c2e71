import type { CollectionConfig } from 'payload'

import { richTextHtmlField } from '@/fields/richTextHtml'
import { slugField } from '@/fields/slug'
import { isEditorOrOwningAuthor } from '@/access/isEditorOrOwningAuthor'
import { isStaff } from '@/access/isStaff'
import { publishedOrStaff } from '@/access/publishedOrStaff'
import { setPublishedAt } from '@/hooks/setPublishedAt'
import { ensureUniqueSlug } from '@/hooks/ensureUniqueSlug'
import { refuseUnreachableSelection } from '@/hooks/refuseUnreachableSelection'
import { CATEGORIES, MEDIA, POSTS, USERS } from '../slugs'
import { listCurrentAuthor } from './hooks/listCurrentAuthor'
import { populateAuthors } from './hooks/populateAuthors'
import { editorialVersions } from '../content/editorialVersions'
import { lastEditedBy } from '../content/lastEditedBy'
import { describeDocuments } from '../content/describeDocuments'

export const Posts: CollectionConfig = {
  slug: POSTS,
  // A post linked from another document: enough for a teaser card and its link.
  defaultPopulate: { title: true, slug: true, excerpt: true, heroImage: true, publishedAt: true, populatedAuthors: true },
  enableQueryPresets: true,
  folders: true,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'heroImage', '_status', 'authors', 'categories', 'updatedAt'],
    // Publish, and Folio's Schedule drawer (the REST schedule rules, the editor's timezone).
    components: { edit: { PublishButton: '/admin/components/SchedulePublish' } },
  },
  access: {
    create: isStaff,
    read: publishedOrStaff,
    readVersions: isStaff,
    update: isEditorOrOwningAuthor,
    delete: isEditorOrOwningAuthor,
  },
  defaultSort: '-publishedAt',
  // The queries frontends make: the newest published posts, and those of one category.
  indexes: [{ fields: ['_status', 'publishedAt'] }, { fields: ['categories', '_status', 'publishedAt'] }],
  versions: editorialVersions,
  hooks: {
    beforeOperation: [refuseUnreachableSelection],
    beforeValidate: [ensureUniqueSlug, listCurrentAuthor],
    beforeChange: [setPublishedAt],
    afterRead: [populateAuthors],
  },
  fields: [
    {
      name: 'title',
      type: 'text',
      required: true,
      maxLength: 200,
      localized: true,
    },
    slugField({ required: false, localized: true }),
    {
      name: 'excerpt',
      type: 'textarea',
      maxLength: 500,
      localized: true,
    },
    {
      name: 'heroImage',
      type: 'upload',
      relationTo: MEDIA,
    },
    {
      name: 'content',
      type: 'richText',
      localized: true,
    },
    richTextHtmlField({ name: 'contentHtml', from: 'content', describe: describeDocuments }),
    {
      name: 'authors',
      type: 'relationship',
      relationTo: USERS,
      hasMany: true,
      admin: { position: 'sidebar' },
    },
    {
      name: 'populatedAuthors',
      type: 'array',
      virtual: true,
      access: { update: () => false, create: () => false },
      admin: { hidden: true, readOnly: true },
      fields: [
        { name: 'id', type: 'text' },
        { name: 'name', type: 'text' },
      ],
    },
    {
      name: 'categories',
      type: 'relationship',
      relationTo: CATEGORIES,
      hasMany: true,
      index: true,
      admin: { position: 'sidebar' },
    },
    {
      name: 'publishedAt',
      type: 'date',
      index: true,
      admin: {
        position: 'sidebar',
        date: { pickerAppearance: 'dayAndTime' },
        description: 'Set when the post is first published, unless given.',
      },
    },
    lastEditedBy,
  ],
}
