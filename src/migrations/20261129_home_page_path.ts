import type { MigrateDownArgs, MigrateUpArgs, MongooseAdapter } from '@payloadcms/db-mongodb'
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb'

import { HOME_PAGE_SLUG } from '../../collections/content/describeDocuments'

const WRITE_BATCH = 500
/** The home page's path as Folio stored it before the home page was served at `/`. */
const OLD_HOME = new RegExp(`^/${HOME_PAGE_SLUG}(?=/|$)`)
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype

/** `/home` → `/`, `/home/careers` → `/careers`; any other path as it is. */
export const movedHomePath = (path: string): string => (OLD_HOME.test(path) ? path.replace(OLD_HOME, '') || '/' : path)

/**
 * A stored `path` or `breadcrumbs` value (a string, a list of crumbs, or either by language) with
 * every path of the old home page moved: the path's own strings and the crumbs' `url`s.
 */
function movePaths(value: unknown, isPath: boolean): unknown {
  if (typeof value === 'string') return isPath ? movedHomePath(value) : value
  if (Array.isArray(value)) return value.map((item) => movePaths(item, isPath))
  if (!isPlainObject(value)) return value
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, movePaths(inner, isPath || key === 'url')]))
}

/** `$set`s for the paths in `doc` under `prefix` (`` or `version.`) that change, or undefined. */
function changesOf(doc: Document, prefix: string): Record<string, unknown> | undefined {
  const holder = prefix ? (doc.version as Document | undefined) : doc
  if (!holder) return undefined
  const set: Record<string, unknown> = {}
  for (const [field, isPath] of [['path', true], ['breadcrumbs', false]] as const) {
    if (holder[field] === undefined) continue
    const moved = movePaths(holder[field], isPath)
    if (JSON.stringify(moved) !== JSON.stringify(holder[field])) set[`${prefix}${field}`] = moved
  }
  return Object.keys(set).length ? set : undefined
}

async function moveIn(collection: Collection | undefined, prefix: string, locales: readonly string[], session: MigrateUpArgs['session']): Promise<number> {
  if (!collection) return 0
  const old = { $regex: OLD_HOME.source }
  const filter = { $or: [{ [`${prefix}path`]: old }, ...locales.map((locale) => ({ [`${prefix}path.${locale}`]: old })), { [`${prefix}breadcrumbs`]: { $exists: true } }] }
  let batch: AnyBulkWriteOperation<Document>[] = []
  let updated = 0
  for await (const doc of collection.find(filter, { session, projection: { [`${prefix}path`]: 1, [`${prefix}breadcrumbs`]: 1 } })) {
    const set = changesOf(doc, prefix)
    if (!set) continue
    batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: set } } })
    if (batch.length >= WRITE_BATCH) {
      updated += (await collection.bulkWrite(batch, { session })).modifiedCount
      batch = []
    }
  }
  if (batch.length) updated += (await collection.bulkWrite(batch, { session })).modifiedCount
  return updated
}

/**
 * The home page is served at `/` (and its sub-pages below it: `/careers`); pages stored before
 * that kept `/home` in their path and breadcrumbs until saved again, so `where[path][equals]=/`
 * found nothing. Moves them, in pages, their versions and the search index, in every language.
 */
export async function up({ payload, session }: MigrateUpArgs): Promise<void> {
  const db = payload.db as unknown as MongooseAdapter
  const { localization } = payload.config
  const locales = localization ? localization.localeCodes : []
  const pages = await moveIn(db.collections.pages?.collection, '', locales, session)
  const versions = await moveIn(db.versions.pages?.collection, 'version.', locales, session)
  const search = await moveIn(db.collections.search?.collection, '', locales, session)
  payload.logger.info({ msg: 'The home page and its sub-pages are at /', pages, versions, search })
}

/** Paths at `/` are what Folio computes now; nothing to undo. */
export async function down(_args: MigrateDownArgs): Promise<void> {}
