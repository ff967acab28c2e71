import type { CollectionConfig, CollectionSlug, Field } from 'payload'

import { isAdmin } from '@/access/isAdmin'
import { readOnlyRecord, RECORD_TIME } from '@/fields/readOnlyRecord'
import { nobody } from '@/access/nobody'
import { AUDIT_ACTIONS, AUDIT_LOG, AUDIT_SOURCES, LOGIN_FAILURE_REASONS } from '../constants'


/**
 * Who did what, when, from where: every change of content and settings, every sign-in and
 * refused sign-in. Written by Folio only, read by admins only; through the API (REST, GraphQL,
 * the admin panel) nobody creates, edits or deletes an entry. Pruned after AUDIT_LOG_RETENTION_DAYS.
 */
export const AuditLog = ({ usersCollection }: { usersCollection: string }): CollectionConfig => ({
  slug: AUDIT_LOG,
  labels: { singular: 'Audit log entry', plural: 'Audit log' },
  graphQL: { singularName: 'AuditLogEntry', pluralName: 'AuditLog' },
  typescript: { interface: 'AuditLogEntry' },
  admin: {
    group: 'System',
    useAsTitle: 'documentTitle',
    defaultColumns: ['createdAt', 'action', 'userEmail', 'sourceCollection', 'documentTitle', 'changedFields'],
    listSearchableFields: ['userEmail', 'documentTitle', 'documentId', 'ip'],
    description: 'Every change and sign-in, with who made it and from where. Read-only; entries are kept for the configured retention.',
    pagination: { defaultLimit: 50 },
  },
  access: { create: nobody, read: isAdmin, update: nobody, delete: nobody },
  defaultSort: '-createdAt',
  disableDuplicate: true,
  lockDocuments: false,
  fields: [
    { name: 'action', type: 'select', options: [...AUDIT_ACTIONS], required: true, index: true },
    {
      name: 'user',
      type: 'relationship',
      relationTo: usersCollection as CollectionSlug,
      index: true,
      admin: { description: 'Who acted. Empty for Folio itself and for refused sign-ins.' },
    },
    {
      name: 'userEmail',
      type: 'text',
      label: 'User email',
      admin: { description: 'Kept when the user is deleted. For a refused sign-in, the address tried.' },
    },
    { name: 'sourceCollection', type: 'text', label: 'Collection', index: true },
    { name: 'sourceGlobal', type: 'text', label: 'Global' },
    { name: 'documentId', type: 'text', label: 'Document ID', index: true },
    { name: 'documentTitle', type: 'text', label: 'Document', admin: { description: 'Its title at the time.' } },
    { name: 'locale', type: 'text', label: 'Language', admin: { description: 'The language the change was made in.' } },
    {
      name: 'changedFields',
      type: 'text',
      hasMany: true,
      label: 'Fields changed',
      admin: {
        description: 'Names only, never values. For a new document, the fields it was created with.',
        // Shown by the labels editors know ("SEO › Description"), not the stored names.
        components: { Cell: '/admin/components/AuditChangedFields#ChangedFieldsCell', Field: '/admin/components/AuditChangedFields#ChangedFieldsField' },
      },
    },
    { name: 'reason', type: 'select', options: [...LOGIN_FAILURE_REASONS], admin: { description: 'Why the sign-in was refused.' } },
    { name: 'details', type: 'textarea', admin: { description: 'What happened, for Folio\'s own events: a backup\'s size and counts, or why it failed.' } },
    {
      name: 'autosaves',
      type: 'number',
      admin: { description: 'Autosaves in this editing session, collapsed into one entry; the last one is its Last Modified time.' },
    },
    { name: 'ip', type: 'text', label: 'IP address', admin: { position: 'sidebar' } },
    { name: 'source', type: 'select', options: [...AUDIT_SOURCES], admin: { position: 'sidebar' } },
    { name: 'job', type: 'text', admin: { position: 'sidebar', description: 'The job that made the change.' } },
    { name: 'createdAt', type: 'date', label: 'When', index: true, admin: { position: 'sidebar', date: RECORD_TIME } },
  ].map((field) => readOnlyRecord(field as Field)),
})
