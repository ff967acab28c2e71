import type { CollectionBeforeChangeHook } from 'payload'

import type { Webhook } from '@payload-types'
import { generateSigningSecret } from '../lib/generateSigningSecret'

/** A new endpoint gets its signing secret; an endpoint enabled again starts with a clean record. */
export const prepareEndpoint: CollectionBeforeChangeHook<Webhook> = ({ data, operation, originalDoc }) => {
  if (operation === 'create') {
    data.secret = generateSigningSecret()
  }
  if (operation === 'update' && data.enabled === true && originalDoc?.enabled === false) {
    data.failingSince = null
    data.disabledAt = null
    data.disabledReason = null
  }
  return data
}
