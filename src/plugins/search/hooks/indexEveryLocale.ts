import type { CollectionAfterChangeHook } from 'payload'

import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import type { StoredDocument } from '@/lib/StoredDocument'
import { findSearchEntry, readStoredDocument, writeSearchEntry } from '../lib/searchEntry'

/**
 * After the search plugin has written a published document's entry in the request's locale, writes
 * it in every locale: a post published in English is found by a search in German too (in English
 * until translated), and a translation saved in German updates the German words only where they
 * changed. Runs after the plugin's own hook; does nothing without locales or for drafts.
 */
export const indexEveryLocale =
  (describe: DocumentDescriptions): CollectionAfterChangeHook<StoredDocument> =>
  async ({ collection, doc, req }) => {
    if (!req.payload.config.localization || doc._status === 'draft') return doc
    const entry = await findSearchEntry(req.payload, collection.slug, String(doc.id), req)
    if (!entry) return doc
    const stored = await readStoredDocument(req.payload, collection.slug, String(doc.id), req)
    if (stored) await writeSearchEntry(req.payload, describe, collection.slug, stored, entry.id, req)
    return doc
  }
