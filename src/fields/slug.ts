import { slugField as payloadSlugField, type Field, type RowField } from 'payload'

import { isStaffField } from '@/access/isStaffField'

type SlugFieldArgs = NonNullable<Parameters<typeof payloadSlugField>[0]>

/**
 * Payload's slug field (a unique, indexed `slug`, generated from the title until an editor changes
 * it), with its `generateSlug` switch read only by the team: it steers the admin's slug input and
 * means nothing to a frontend.
 */
export function slugField(args: SlugFieldArgs = {}): RowField {
  const checkboxName = args.checkboxName ?? 'generateSlug'
  return payloadSlugField({
    ...args,
    overrides: (row) => ({
      ...row,
      fields: row.fields.map((field): Field => (field.type === 'checkbox' && field.name === checkboxName
          ? // Not listed among a version's changes either: it is the slug input's switch, not content.
            { ...field, access: { ...field.access, read: isStaffField }, admin: { ...field.admin, components: { ...field.admin?.components, Diff: '/admin/components/HiddenDiff' } } }
          : field)),
    }),
  })
}
