import type { GlobalBeforeChangeHook } from 'payload'

import { isSeeding } from '../lib/isSeeding'
import { rememberChangeState } from '../lib/changeState'

/** For globals with drafts: whether the stored global is published before an update. */
export const rememberGlobalPublication: GlobalBeforeChangeHook = async ({ data, global, req }) => {
  if (isSeeding(req)) return data
  const stored = await req.payload.db.findGlobal<{ _status?: string }>({ slug: global.slug, req })
  rememberChangeState(req, `global:${global.slug}`, undefined, { wasPublished: stored?._status === 'published' })
  return data
}
