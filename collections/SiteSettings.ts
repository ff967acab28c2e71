import type { GlobalConfig, PayloadRequest } from 'payload'

import { anyone } from '@/access/anyone'
import { isAdmin } from '@/access/isAdmin'
import { linkField } from '@/fields/linkField'
import { SITE_SETTINGS } from './slugs'

export const SiteSettings: GlobalConfig = {
  slug: SITE_SETTINGS,
  access: {
    read: anyone,
    update: isAdmin,
  },
  fields: [
    { name: 'siteName', type: 'text', required: true, defaultValue: 'Folio', maxLength: 120, localized: true },
    { name: 'tagline', type: 'text', maxLength: 200, localized: true },
    {
      name: 'navigation',
      type: 'array',
      maxRows: 12,
      fields: [linkField()],
    },
  ],
}

/** The site's name, as SEO titles end: from the settings, "Folio" until they are saved. */
export async function readSiteName(req: PayloadRequest): Promise<string> {
  const settings = await req.payload.findGlobal({ slug: SITE_SETTINGS, depth: 0, req }).catch(() => undefined)
  return settings?.siteName || 'Folio'
}
