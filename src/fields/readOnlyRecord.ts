import type { Field } from 'payload'

/** A field of a record Folio writes and people only read (the audit log, the backups list). */
export const readOnlyRecord = (field: Field): Field => ({ ...field, admin: { ...field.admin, readOnly: true } }) as Field

/** How such records show their times: to the second. */
export const RECORD_TIME = { pickerAppearance: 'dayAndTime' as const, displayFormat: 'yyyy-MM-dd HH:mm:ss' }
