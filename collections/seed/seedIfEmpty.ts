import type { Payload } from 'payload'

import { USERS } from '../slugs'
import { seedDemoContent } from './seedDemoContent'

/** Seeds demo content into a database that has no users yet; leaves any other database alone. */
export async function seedIfEmpty(payload: Payload): Promise<boolean> {
  const { totalDocs } = await payload.count({ collection: USERS })
  if (totalDocs > 0) return false
  payload.logger.info('empty database: seeding demo content')
  await seedDemoContent(payload)
  return true
}
