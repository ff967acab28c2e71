import type { CollectionSlug, Payload } from 'payload'

import { readInLocale } from './localizeStoredValues'

/**
 * A document as the database keeps it (read below Payload's operations, its localized fields keyed
 * by locale) as one locale reads it, with Payload's fallback to the default locale; the default
 * locale when none is given. Unchanged without localization.
 */
export function storedInLocale<T extends Record<string, unknown>>(payload: Payload, collection: string, stored: T, locale?: string | null): T {
  const localization = payload.config.localization
  const config = payload.collections[collection as CollectionSlug]?.config
  if (!localization || !config) return stored
  const code = locale && localization.localeCodes.includes(locale) ? locale : localization.defaultLocale
  return readInLocale(config.fields, stored, code, localization.defaultLocale, payload.config.blocks ?? []) as T
}

/** The request's locale when Folio has several (what an audit entry or a webhook event names), else null. */
export function localeOfChange(payload: Payload, locale: string | null | undefined): string | null {
  const localization = payload.config.localization
  if (!localization) return null
  return locale && localization.localeCodes.includes(locale) ? locale : localization.defaultLocale
}
