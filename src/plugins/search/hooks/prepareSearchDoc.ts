import type { BeforeSync } from '@payloadcms/plugin-search/types'

import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { extractSearchFields } from '../lib/extractSearchFields'
import { storedInLocale } from '@/lib/storedInLocale'
import { readStoredDocument } from '../lib/searchEntry'

/**
 * The search plugin's `beforeSync`: adds the text the ranking and the snippets need, in the locale
 * the plugin writes (the request's; indexEveryLocale then writes the others).
 *
 * The plugin stores an entry only for a published document (a draft's data is discarded, and a
 * newer draft of a published document leaves its entry alone), so the fields are read from the
 * stored document itself rather than from the hook's `doc`: that one has passed through the
 * request's `select`, depth and field access, and may lack fields.
 */
export const prepareSearchDoc =
  (describe: DocumentDescriptions): BeforeSync =>
  async ({ collectionSlug, originalDoc, req, searchDoc }) => {
    if (originalDoc._status === 'draft') return searchDoc
    const stored = await readStoredDocument(req.payload, collectionSlug, String(originalDoc.id), req)
    const doc = stored ? storedInLocale(req.payload, collectionSlug, stored, req.locale) : originalDoc
    return { ...searchDoc, ...extractSearchFields(describe, collectionSlug, doc) }
  }
