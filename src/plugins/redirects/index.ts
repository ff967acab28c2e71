import { redirectsPlugin } from '@payloadcms/plugin-redirects'

import { anyone } from '@/access/anyone'
import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { REDIRECTS } from './constants'
import { followRedirect, lookupRedirect } from './endpoints/lookupRedirect'
import { validateRedirect } from './hooks/validateRedirect'

export { normalizeRedirectPath } from './lib/normalizeRedirectPath'
export { resolveRedirect } from './lib/resolveRedirect'
export { REDIRECTS } from './constants'

/**
 * Payload's redirects plugin: editors map an old path to a post, a page or a URL, permanent
 * (301) or temporary (302). Folio answers lookups itself (endpoints/lookupRedirect).
 */
export const redirects = ({ collections, describe }: { collections: string[]; describe: DocumentDescriptions }) =>
  redirectsPlugin({
    collections,
    redirectTypes: ['301', '302'],
    redirectTypeFieldOverride: { defaultValue: '301', admin: { description: '301 moved for good (search engines update), 302 for a while.' } },
    overrides: {
      slug: REDIRECTS,
      access: { read: anyone, create: isEditorOrAdmin, update: isEditorOrAdmin, delete: isEditorOrAdmin },
      admin: { useAsTitle: 'from', defaultColumns: ['from', 'to.type', 'type', 'updatedAt'] },
      hooks: { beforeValidate: [validateRedirect] },
      endpoints: [lookupRedirect(describe), followRedirect(describe)],
    },
  })
