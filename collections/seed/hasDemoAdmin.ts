import type { Payload } from 'payload'

import { USERS } from '../slugs'
import { DEMO_ADMIN_EMAIL } from './fixtures'

export async function hasDemoAdmin(payload: Payload): Promise<boolean> {
  const { totalDocs } = await payload.count({ collection: USERS, where: { email: { equals: DEMO_ADMIN_EMAIL } } })
  return totalDocs > 0
}
