import type { Block } from 'payload'

import { linkField } from '../fields/linkField'

export const HeroBlock: Block = {
  slug: 'hero',
  interfaceName: 'HeroBlock',
  fields: [
    { name: 'heading', type: 'text', required: true, maxLength: 200 },
    { name: 'subheading', type: 'textarea', maxLength: 500 },
    { name: 'image', type: 'upload', relationTo: 'media' },
    linkField({ name: 'cta', overrides: { label: 'Call to action' } }),
  ],
}
