import { formBuilderPlugin } from '@payloadcms/plugin-form-builder'

import { FORM_SUBMISSIONS, FORMS, PAGES } from '../../collections/slugs'
import { anyone } from '../access/anyone'
import { isAdmin } from '../access/isAdmin'
import { isEditorOrAdmin } from '../access/isEditorOrAdmin'

const nobody = () => false

/**
 * Payload's form builder: editors build forms, visitors submit them through the public API.
 * Submissions are kept as sent: nobody edits them, only admins delete them.
 */
export const formBuilder = () =>
  formBuilderPlugin({
    fields: { text: true, email: true, textarea: true, select: true, checkbox: true, message: true, number: false, country: false, state: false, date: false, payment: false },
    redirectRelationships: [PAGES],
    formOverrides: {
      slug: FORMS,
      access: { read: anyone, create: isEditorOrAdmin, update: isEditorOrAdmin, delete: isEditorOrAdmin },
    },
    formSubmissionOverrides: {
      slug: FORM_SUBMISSIONS,
      access: { create: anyone, read: isEditorOrAdmin, update: nobody, delete: isAdmin },
    },
  })
