import type { CollectionConfig, Config } from 'payload'

import { Webhooks } from './collections/Webhooks'
import { WebhookDeliveries } from './collections/WebhookDeliveries'
import { WebhookEvents } from './collections/WebhookEvents'
import { WebhookStreams, WebhookSuccessors } from './collections/WebhookStreams'
import { endpointSummary } from './endpoints/endpointSummary'
import { resendFailedDeliveries } from './endpoints/resendFailedDeliveries'
import { resendOneDelivery } from './endpoints/resendOneDelivery'
import { revealSecret } from './endpoints/revealSecret'
import { rotateSecret } from './endpoints/rotateSecret'
import { sendTestEvent } from './endpoints/sendTestEvent'
import { queueChangeEvents } from './hooks/queueChangeEvents'
import { queueDeleteEvent } from './hooks/queueDeleteEvent'
import { queueSubmissionEvent } from './hooks/queueSubmissionEvent'
import { rememberDeletedDocument } from './hooks/rememberDeletedDocument'
import { withHousekeeping } from '@/jobs/housekeeping'
import { withHooks } from '../addHooks'
import { withChangeContext } from '../changeContext'
import { WEBHOOK_DEFAULTS } from './constants'
import { createAddressPolicy } from './lib/createAddressPolicy'
import { pruneWebhookLog } from './lib/pruneWebhookLog'
import { deliverWebhookTask } from './tasks/deliverWebhookTask'
import type { ResolvedWebhooksOptions, WebhooksPluginOptions } from './types'

export type { WebhooksPluginOptions } from './types'
export { pruneWebhookLog } from './lib/pruneWebhookLog'

function resolve(options: WebhooksPluginOptions): ResolvedWebhooksOptions {
  return {
    ...WEBHOOK_DEFAULTS,
    allowedHosts: [],
    disabled: false,
    onSecurityEvent: () => Promise.resolve(),
    ...options,
  }
}

/**
 * Outgoing webhooks: endpoints managed by admins, events signed per Standard Webhooks, delivered
 * through Payload's jobs queue with retries for days, logged, resendable. Disabled, it keeps its
 * collections (and their data) and sends nothing.
 */
export const webhooks =
  (pluginOptions: WebhooksPluginOptions) =>
  (incoming: Config): Config => {
    // Whether a change is an autosave, was published, its previous version: worked out once for every plugin.
    const config = withChangeContext(incoming)
    const options = resolve(pluginOptions)
    const policy = createAddressPolicy(options.allowedHosts)
    const watched = new Set(options.collections)
    const subscribable = [...options.collections, ...(options.submissions ? [options.submissions] : [])]

    const webhooksCollection = Webhooks({ collections: subscribable, policy, onSecurityEvent: options.onSecurityEvent })
    webhooksCollection.endpoints = [sendTestEvent, revealSecret(options), rotateSecret(options), resendFailedDeliveries, endpointSummary]
    const deliveriesCollection: CollectionConfig = { ...WebhookDeliveries, endpoints: [resendOneDelivery] }

    const collections = (config.collections ?? []).map((collection) => {
      if (options.disabled) return collection
      if (watched.has(collection.slug)) {
        return withHooks(collection, {
          afterChange: [queueChangeEvents(options)],
          beforeDelete: [rememberDeletedDocument(options)],
          afterDelete: [queueDeleteEvent],
        })
      }
      if (collection.slug === options.submissions) return withHooks(collection, { afterChange: [queueSubmissionEvent(options)] })
      return collection
    })

    return withHousekeeping(
      {
        ...config,
        collections: [...collections, webhooksCollection, WebhookEvents, deliveriesCollection, WebhookStreams, WebhookSuccessors],
        jobs: {
          ...config.jobs,
          tasks: [...(config.jobs?.tasks ?? []), deliverWebhookTask(options, policy)],
        },
      },
      { name: 'prune the webhook log', run: async (payload) => void (await pruneWebhookLog(payload, options.retentionMs)) },
    )
  }
