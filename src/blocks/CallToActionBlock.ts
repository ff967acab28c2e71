import type { Block } from 'payload'

import { headingField } from '../fields/headingField'
import { linkField } from '../fields/linkField'

export const CallToActionBlock: Block = {
  slug: 'callToAction',
  interfaceName: 'CallToActionBlock',
  fields: [
    headingField,
    { name: 'text', type: 'textarea', maxLength: 1000, localized: true },
    {
      name: 'links',
      type: 'array',
      maxRows: 3,
      fields: [linkField()],
    },
  ],
}
