import type { Config, Payload } from 'payload'

import { configExtension } from '../lib/configExtension'
import type { QueueConcurrency } from './jobRunner'

const jobQueues = configExtension<QueueConcurrency[]>('folioJobQueues')

/** Adds a plugin's own job queue to the config, for the job runner to run beside Folio's. */
export function withJobQueue(config: Config, queue: QueueConcurrency): Config {
  return jobQueues.with(config, [...(jobQueues.read(config) ?? []), queue])
}

/** The queues the plugins of the running config added. */
export function jobQueuesOf(payload: Payload): QueueConcurrency[] {
  return jobQueues.read(payload) ?? []
}
