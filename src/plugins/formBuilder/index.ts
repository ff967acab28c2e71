import { formBuilderPlugin } from '@payloadcms/plugin-form-builder'

import { anyone } from '@/access/anyone'
import { isAdmin } from '@/access/isAdmin'
import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { nobody } from '@/access/nobody'
import { createReplayGuard } from '@/lib/createReplayGuard'
import type { Limiter } from '@/rateLimits/createRateLimits'
import type { FormSettings } from '@/settings'
import { issueFormToken } from './endpoints/issueFormToken'
import { FORM_SUBMISSIONS, FORMS } from './constants'
import { protectionFields } from './fields/protectionFields'
import { submitterFields } from './fields/submitterFields'
import { queueFormEmails } from './hooks/queueFormEmails'
import { screenSubmission } from './hooks/screenSubmission'

/**
 * Payload's form builder: editors build forms, visitors submit them through the public API with
 * a form token (spam protection: see hooks/screenSubmission). Submissions are kept as sent:
 * nobody edits them, only admins delete them. The forms' emails go out through the jobs queue.
 */
type Options = FormSettings & {
  rateLimiter: Limiter
  /** Collections a form may send the visitor to after submitting (its confirmation redirect). */
  redirectTo: string[]
}

export { FORM_SUBMISSIONS, FORMS } from './constants'

export const formBuilder = ({ minFillMs, rateLimiter, redirectTo }: Options) =>
  formBuilderPlugin({
    fields: { text: true, email: true, textarea: true, select: true, checkbox: true, message: true, number: false, country: false, state: false, date: false, payment: false },
    redirectRelationships: redirectTo,
    beforeEmail: queueFormEmails,
    formOverrides: {
      slug: FORMS,
      access: { read: anyone, create: isEditorOrAdmin, update: isEditorOrAdmin, delete: isEditorOrAdmin },
      endpoints: [issueFormToken],
    },
    formSubmissionOverrides: {
      slug: FORM_SUBMISSIONS,
      access: { create: anyone, read: isEditorOrAdmin, update: nobody, delete: isAdmin },
      enableQueryPresets: true,
      admin: {
        useAsTitle: 'submitterName',
        defaultColumns: ['submitterName', 'submitterEmail', 'form', 'createdAt'],
        listSearchableFields: ['submitterName', 'submitterEmail'],
      },
      fields: ({ defaultFields }) => [...defaultFields, ...submitterFields, ...protectionFields],
      hooks: {
        beforeValidate: [
          screenSubmission({
            minFillMs,
            // Per address, shared by every instance when the rate limits live in Redis.
            rateLimiter,
            // In this process's memory: per instance, forgotten on restart.
            spentTokens: createReplayGuard(),
          }),
        ],
      },
    },
  })
