import type { Block } from 'payload'

import { headingField } from '../fields/headingField'
import { linkField } from '../fields/linkField'

export const HeroBlock: Block = {
  slug: 'hero',
  interfaceName: 'HeroBlock',
  fields: [
    headingField,
    { name: 'subheading', type: 'textarea', maxLength: 500, localized: true },
    { name: 'image', type: 'upload', relationTo: 'media' },
    linkField({ name: 'cta', optional: true, overrides: { label: 'Call to action', admin: { description: 'Optional: a label and where it leads, or nothing.' } } }),
  ],
}
