import type { CollectionSlug, Config } from 'payload'

import { scheduleEndpoints } from './endpoints/scheduleEndpoints'

export { upcomingSchedules } from './lib/upcomingSchedules'

/**
 * Scheduled publishing on collections whose drafts have `schedulePublish` (Payload's Schedule
 * drawer in the admin), with the same over REST. The jobs run on Payload's default queue in
 * Folio's job runner, so they survive restarts.
 */
export const scheduledPublishing =
  ({ collections }: { collections: CollectionSlug[] }) =>
  (config: Config): Config => ({
    ...config,
    collections: (config.collections ?? []).map((collection) =>
      collections.includes(collection.slug as CollectionSlug)
        ? { ...collection, endpoints: [...(collection.endpoints || []), ...scheduleEndpoints(collection.slug as CollectionSlug)] }
        : collection,
    ),
  })
