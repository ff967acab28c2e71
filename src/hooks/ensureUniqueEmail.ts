import { ensureUnique } from './ensureUnique'

/** Payload checks emails on registration only; this covers changing an email too. */
export const ensureUniqueEmail = ensureUnique({
  field: 'email',
  label: 'email',
  normalize: (data) => (typeof data.email === 'string' ? data.email.trim().toLowerCase() || undefined : undefined),
})
