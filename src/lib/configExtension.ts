import type { Config, Payload, SanitizedConfig } from 'payload'

/**
 * A value Folio keeps in the config's `custom` section, for code that has the running Payload (or
 * its config) but no import of what made the value: the rate limits for the HTTP layer, the
 * plugins' housekeeping for the job runner, the content model for the demo seed.
 */
export function configExtension<T>(key: string) {
  return {
    /** The config with `value` kept under the key. */
    with: <C extends Config>(config: C, value: T): C => ({ ...config, custom: { ...config.custom, [key]: value } }),
    /** The value kept, or undefined. */
    read: (from: Payload | Config | SanitizedConfig): T | undefined => {
      const config = 'config' in from ? from.config : from
      return config.custom?.[key] as T | undefined
    },
  }
}
