import type { TypeWithID } from 'payload'

/** A document of any collection, as hooks shared by several collections (and those Folio's plugins add to every collection) see it. */
export type StoredDocument = TypeWithID & Record<string, unknown>
