import type { TextField } from 'payload'

/** The heading every block that has one carries: required, one line, at most 200 characters. */
export const headingField: TextField = { name: 'heading', type: 'text', required: true, maxLength: 200, localized: true }
