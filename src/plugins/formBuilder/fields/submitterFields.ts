import type { Field } from 'payload'

type Entry = { field?: unknown; value?: unknown }

const EMAIL_FIELD = /^e-?mail(address)?$/i
const NAME_FIELD = /^(full-?_?)?name$/i
const FIRST_NAME = /^first-?_?name$/i
const LAST_NAME = /^(last|family|sur)-?_?name$/i

function valueOf(entries: Entry[], pattern: RegExp): string | undefined {
  const entry = entries.find(({ field }) => typeof field === 'string' && pattern.test(field))
  const value = typeof entry?.value === 'string' ? entry.value.trim() : ''
  return value || undefined
}

/** Who sent a submission, as its form asked: a `name` (or first and last name) and an `email` field. */
export function submitterOf(submissionData: unknown): { name?: string; email?: string } {
  const entries = Array.isArray(submissionData) ? (submissionData as Entry[]) : []
  const name = valueOf(entries, NAME_FIELD) ?? ([valueOf(entries, FIRST_NAME), valueOf(entries, LAST_NAME)].filter(Boolean).join(' ') || undefined)
  return { name, email: valueOf(entries, EMAIL_FIELD) }
}

const systemOnly = { create: () => false, update: () => false }

/** One of the submitter's fields, filled from the submission's values when it is stored. */
const submitterField = (name: string, label: string, type: 'text' | 'email', key: 'name' | 'email'): Field =>
  ({
    name,
    label,
    type,
    index: true,
    access: systemOnly,
    admin: { readOnly: true, position: 'sidebar' },
    hooks: {
      beforeChange: [
        ({ data, originalDoc, value }): unknown => {
          const entries: unknown = (data as { submissionData?: unknown } | undefined)?.submissionData ?? (originalDoc as { submissionData?: unknown } | undefined)?.submissionData
          return submitterOf(entries)[key] ?? value ?? undefined
        },
      ],
    },
  }) as Field

/**
 * The submitter's name and email, copied from the submission's values when it is stored, so the
 * team's list shows who wrote and can be sorted, searched and exported by them. Nobody sends them.
 */
export const submitterFields: Field[] = [submitterField('submitterName', 'Name', 'text', 'name'), submitterField('submitterEmail', 'Email', 'email', 'email')]
