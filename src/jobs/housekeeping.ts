import type { Config, Payload } from 'payload'

import { configExtension } from '../lib/configExtension'

/** Periodic work a plugin needs done in the process that runs jobs (pruning its logs, say). */
export type HousekeepingTask = {
  name: string
  run: (payload: Payload) => Promise<void>
}

const housekeeping = configExtension<HousekeepingTask[]>('folioHousekeeping')

/** Adds a plugin's periodic task to the config, for the job runner's process to run. */
export function withHousekeeping(config: Config, task: HousekeepingTask): Config {
  return housekeeping.with(config, [...(housekeeping.read(config) ?? []), task])
}

/** The periodic tasks the plugins of the running config registered. */
export function housekeepingOf(payload: Payload): HousekeepingTask[] {
  return housekeeping.read(payload) ?? []
}
