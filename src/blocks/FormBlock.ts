import type { Block } from 'payload'

import { FORMS } from '@/plugins/formBuilder/constants'

/** A form from *Forms* on a page (the contact page's, say), with a heading above it. */
export const FormBlock: Block = {
  slug: 'form',
  interfaceName: 'FormBlock',
  fields: [
    { name: 'heading', type: 'text', maxLength: 200, localized: true },
    { name: 'form', type: 'relationship', relationTo: FORMS, required: true },
  ],
}
