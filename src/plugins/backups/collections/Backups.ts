import type { CollectionConfig, Field } from 'payload'

import { isAdmin } from '@/access/isAdmin'
import { readOnlyRecord, RECORD_TIME } from '@/fields/readOnlyRecord'
import { nobody } from '@/access/nobody'
import { BACKUP_STATUSES, BACKUP_TRIGGERS, BACKUPS } from '../constants'


/**
 * One document per backup run, scheduled or `npm run backup`: its archive, size, counts, how long
 * it took, and why it failed. Written by Folio only, read by admins only; through the API nobody
 * creates, edits or deletes one. Archives retention removed stay listed as `removed`.
 */
export const Backups: CollectionConfig = {
  slug: BACKUPS,
  labels: { singular: 'Backup', plural: 'Backups' },
  typescript: { interface: 'Backup' },
  admin: {
    group: 'System',
    useAsTitle: 'fileName',
    defaultColumns: ['startedAt', 'status', 'fileName', 'bytes', 'documents', 'durationMs', 'trigger', 'encrypted'],
    description: 'Every backup Folio took (BACKUP_SCHEDULE, or npm run backup): its archive, size and counts, or why it failed. Read-only.',
    pagination: { defaultLimit: 50 },
  },
  access: { create: nobody, read: isAdmin, update: nobody, delete: nobody },
  defaultSort: '-startedAt',
  disableDuplicate: true,
  lockDocuments: false,
  fields: [
    { name: 'fileName', type: 'text', label: 'Archive', required: true },
    { name: 'status', type: 'select', options: [...BACKUP_STATUSES], required: true, index: true },
    { name: 'trigger', type: 'select', options: [...BACKUP_TRIGGERS], required: true, admin: { description: 'BACKUP_SCHEDULE, a backup job queued by hand, or npm run backup.' } },
    { name: 'startedAt', type: 'date', required: true, index: true, admin: { date: RECORD_TIME } },
    { name: 'finishedAt', type: 'date', admin: { date: RECORD_TIME } },
    { name: 'durationMs', type: 'number', label: 'Duration (ms)' },
    { name: 'bytes', type: 'number', label: 'Size (bytes)' },
    { name: 'encrypted', type: 'checkbox', admin: { description: 'Sealed with FOLIO_BACKUP_PASSPHRASE.' } },
    { name: 'documents', type: 'number', admin: { description: 'Documents in every collection together.' } },
    { name: 'mediaFiles', type: 'number', label: 'Uploaded files' },
    { name: 'collectionCounts', type: 'json', label: 'Documents per collection' },
    { name: 'error', type: 'textarea', admin: { description: 'Why the backup failed.' } },
    { name: 'directory', type: 'text', admin: { position: 'sidebar', description: 'Where the archive was written (BACKUP_DIR).' } },
    { name: 'removedAt', type: 'date', admin: { position: 'sidebar', date: RECORD_TIME, description: 'When retention (BACKUP_KEEP) deleted the archive.' } },
    {
      name: 'runKey',
      type: 'text',
      unique: true,
      required: true,
      admin: { position: 'sidebar', description: 'The run this is: its scheduled time, so that of several instances only one takes it.' },
    },
  ].map((field) => readOnlyRecord(field as Field)),
}
