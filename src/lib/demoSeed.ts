import type { Config, Payload } from 'payload'

import { configExtension } from './configExtension'

/** The content model's demo content, which `npm start` writes into an empty database. */
export type DemoSeed = {
  /** Seeds an empty database and says whether it did. */
  seedIfEmpty: (payload: Payload) => Promise<boolean>
  /** The demo admin's sign-in, printed at start while that account exists. */
  login: { email: string; password: string }
  hasDemoAdmin: (payload: Payload) => Promise<boolean>
}

const demoSeed = configExtension<DemoSeed>('folioDemoSeed')

export function withDemoSeed<C extends Config>(config: C, seed: DemoSeed): C {
  return demoSeed.with(config, seed)
}

/** The demo content the running config offers, if any. */
export function demoSeedOf(payload: Payload): DemoSeed | undefined {
  return demoSeed.read(payload)
}
