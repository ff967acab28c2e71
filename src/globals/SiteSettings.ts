import type { GlobalConfig } from 'payload'

import { SITE_SETTINGS } from '../../collections/slugs'
import { anyone } from '../access/anyone'
import { isAdmin } from '../access/isAdmin'
import { linkField } from '../fields/linkField'

export const SiteSettings: GlobalConfig = {
  slug: SITE_SETTINGS,
  access: {
    read: anyone,
    update: isAdmin,
  },
  fields: [
    { name: 'siteName', type: 'text', required: true, defaultValue: 'Folio', maxLength: 120 },
    { name: 'tagline', type: 'text', maxLength: 200 },
    {
      name: 'navigation',
      type: 'array',
      maxRows: 12,
      fields: [linkField()],
    },
  ],
}
