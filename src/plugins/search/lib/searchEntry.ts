import type { CollectionSlug, Payload, PayloadRequest } from 'payload'

import type { Search } from '@payload-types'
import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { storedInLocale } from '@/lib/storedInLocale'
import { SEARCH } from '../constants'
import { extractSearchFields, type SearchFields } from './extractSearchFields'

export type StoredDocument = Record<string, unknown> & { id: string }

/** The entry's fields that are the document's words, one value per locale when Folio has several. */
const LOCALIZED: (keyof SearchFields)[] = ['title', 'slug', 'path', 'body']

/** A document as stored, its localized fields keyed by locale (Payload's afterRead has not run). */
export async function readStoredDocument(payload: Payload, collection: string, id: string, req?: PayloadRequest): Promise<StoredDocument | null> {
  return payload.db.findOne<StoredDocument>({ collection: collection as CollectionSlug, where: { id: { equals: id } }, req })
}

/**
 * What a document's search entry stores: its title, slug, path and text in every locale (each as
 * that locale reads, untranslated fields in the default language), so a search in any language
 * finds every published document; flat when Folio has no locales.
 */
export function searchEntryFields(payload: Payload, describe: DocumentDescriptions, collection: string, stored: StoredDocument): Record<string, unknown> {
  const localization = payload.config.localization
  if (!localization) return extractSearchFields(describe, collection, stored)
  const byLocale = localization.localeCodes.map((code) => [code, extractSearchFields(describe, collection, storedInLocale(payload, collection, stored, code))] as const)
  const fields: Record<string, unknown> = { publishedAt: byLocale[0]?.[1].publishedAt ?? null }
  for (const key of LOCALIZED) fields[key] = Object.fromEntries(byLocale.map(([code, values]) => [code, values[key]]))
  return fields
}

/**
 * Writes a published document's entry in every locale at once: the one given, or a new one. It
 * writes below Payload's operations, as a stored document is written, since an operation takes
 * one locale's values at a time.
 */
export async function writeSearchEntry(
  payload: Payload,
  describe: DocumentDescriptions,
  collection: string,
  stored: StoredDocument,
  entryId: string | undefined,
  req?: PayloadRequest,
): Promise<void> {
  const now = new Date().toISOString()
  const data = {
    doc: { relationTo: collection as Search['doc']['relationTo'], value: stored.id },
    priority: 0,
    ...searchEntryFields(payload, describe, collection, stored),
    updatedAt: now,
  }
  if (entryId) await payload.db.updateOne({ collection: SEARCH, id: entryId, data, req })
  else await payload.db.create({ collection: SEARCH, data: { ...data, createdAt: now }, req })
}

/** The entry of one document, if it has one. */
export async function findSearchEntry(payload: Payload, collection: string, id: string, req?: PayloadRequest): Promise<{ id: string } | null> {
  return payload.db.findOne<{ id: string }>({
    collection: SEARCH,
    where: { and: [{ 'doc.relationTo': { equals: collection } }, { 'doc.value': { equals: id } }] },
    select: { id: true },
    req,
  })
}
