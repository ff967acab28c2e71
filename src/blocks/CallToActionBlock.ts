import type { Block } from 'payload'

import { linkField } from '../fields/linkField'

export const CallToActionBlock: Block = {
  slug: 'callToAction',
  interfaceName: 'CallToActionBlock',
  fields: [
    { name: 'heading', type: 'text', required: true, maxLength: 200 },
    { name: 'text', type: 'textarea', maxLength: 1000 },
    {
      name: 'links',
      type: 'array',
      maxRows: 3,
      fields: [linkField()],
    },
  ],
}
