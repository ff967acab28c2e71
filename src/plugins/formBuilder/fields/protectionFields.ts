import type { Field } from 'payload'

import { HONEYPOT_FIELD, TOKEN_FIELD } from '../constants'

/** Body fields a visitor's submission sends for spam protection; read by screenSubmission, never stored. */
export const protectionFields: Field[] = [
  {
    name: TOKEN_FIELD,
    type: 'text',
    virtual: true,
    admin: { hidden: true },
  },
  {
    name: HONEYPOT_FIELD,
    type: 'text',
    virtual: true,
    admin: { hidden: true },
  },
]
