import type { Form } from '@payload-types'
import { ClientError } from '@/errors/ClientError'

/** One value of a submission, as this check lets it through. */
export type SubmissionEntry = { field: string; value: string | number | boolean | null }
type NamedField = Extract<NonNullable<Form['fields']>[number], { name: string }>

const EMAIL = /^[^\s@,;:<>()"[\]\\]+@[^\s@,;:<>()"[\]\\]+\.[^\s@,;:<>()"[\]\\]+$/

const list = (names: string[]) => names.map((name) => `"${name}"`).join(', ')

function readEntries(submissionData: unknown): SubmissionEntry[] {
  const isValue = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value)
  const isEntry = (entry: unknown): entry is SubmissionEntry =>
    typeof entry === 'object' && entry !== null && typeof (entry as SubmissionEntry).field === 'string' && isValue((entry as SubmissionEntry).value)
  if (submissionData === undefined || submissionData === null) return []
  if (!Array.isArray(submissionData) || !submissionData.every(isEntry)) {
    throw new ClientError('"submissionData" must be a list of { field, value } entries, each value a string, number, boolean or null')
  }
  return submissionData
}

function isBlank(field: NamedField, value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true
  if (field.blockType === 'checkbox') return value === 'false' || value === ''
  return typeof value === 'string' && value.trim() === ''
}

/**
 * Checks a submission's values against its form, which the form builder does not: every value
 * answers a field of the form, once; required fields are filled (a required checkbox ticked);
 * email fields hold one address (it may become a recipient); selects hold one of their options.
 */
export function assertSubmissionData(form: Pick<Form, 'fields'>, submissionData: unknown): void {
  const entries = readEntries(submissionData)
  const fields = (form.fields ?? []).filter((field): field is NamedField => 'name' in field && Boolean(field.name))
  const byName = new Map(fields.map((field) => [field.name, field]))

  const unknown = entries.filter((entry) => !byName.has(entry.field)).map((entry) => entry.field)
  if (unknown.length > 0) throw new ClientError(`Unknown form field${unknown.length > 1 ? 's' : ''}: ${list(unknown)}`)
  const repeated = entries.filter((entry, index) => entries.findIndex((other) => other.field === entry.field) !== index).map((entry) => entry.field)
  if (repeated.length > 0) throw new ClientError(`Form field sent more than once: ${list([...new Set(repeated)])}`)

  const values = new Map(entries.map((entry) => [entry.field, entry.value]))
  const missing = fields.filter((field) => field.required && isBlank(field, values.get(field.name))).map((field) => field.name)
  if (missing.length > 0) throw new ClientError(`Missing required field${missing.length > 1 ? 's' : ''}: ${list(missing)}`)

  for (const field of fields) {
    const value = values.get(field.name)
    if (isBlank(field, value)) continue
    if (field.blockType === 'email' && !(typeof value === 'string' && EMAIL.test(value.trim()))) {
      throw new ClientError(`Field "${field.name}" must be one email address`)
    }
    if (field.blockType === 'select' && field.options?.length && !field.options.some((option) => option.value === value)) {
      throw new ClientError(`Field "${field.name}" must be one of: ${list(field.options.map((option) => option.value))}`)
    }
  }
}
