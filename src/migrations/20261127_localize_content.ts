import type { MigrateDownArgs, MigrateUpArgs, MongooseAdapter } from '@payloadcms/db-mongodb'
import type { AnyBulkWriteOperation, ClientSession, Collection, Document } from 'mongodb'
import type { Field } from 'payload'

import { localizedIndexablePaths, localizeStoredValues, type LocalizeOptions } from '@/lib/localizeStoredValues'
import { SEARCH } from '@/plugins/search/constants'

type Target = { label: string; collection: Collection; fields: readonly Field[]; inside?: 'version'; filter?: Document }

const WRITE_BATCH = 500

/**
 * Content written before Folio had languages moves into the default locale: a post's
 * `title: "Hello"` becomes `title: { en: "Hello" }`, and the same for every field now localized
 * (posts, pages and their blocks, categories, media text, site settings, forms, SEO, breadcrumbs),
 * in documents and in their versions. Indexes built on the old, unlocalized fields are dropped
 * (the localized ones are built at start). The search index is emptied: at the next start it is
 * rebuilt in every language. Documents already localized are left alone, so the migration is
 * safe to run on any database.
 */
export async function up({ payload, session }: MigrateUpArgs): Promise<void> {
  const localization = payload.config.localization
  if (!localization) return
  const db = payload.db as unknown as MongooseAdapter
  const options: LocalizeOptions = { locales: localization.localeCodes, defaultLocale: localization.defaultLocale, blocks: payload.config.blocks ?? [] }

  const targets: Target[] = []
  for (const { config } of Object.values(payload.collections)) {
    const model = db.collections[config.slug]
    if (model) targets.push({ label: config.slug, collection: model.collection, fields: config.fields })
    const versions = db.versions[config.slug]
    if (versions) targets.push({ label: `${config.slug} versions`, collection: versions.collection, fields: config.fields, inside: 'version' })
  }
  for (const global of payload.config.globals) {
    targets.push({ label: global.slug, collection: db.globals.collection, fields: global.fields, filter: { globalType: global.slug } })
    const versions = db.versions[global.slug]
    if (versions) targets.push({ label: `${global.slug} versions`, collection: versions.collection, fields: global.fields, inside: 'version' })
  }

  for (const target of targets) {
    if (!hasLocalizedField(target.fields)) continue
    const changed = await localizeCollection(target, options, session)
    await dropUnlocalizedIndexes(target, session)
    if (changed > 0) payload.logger.info({ collection: target.label, documents: changed }, 'migration: content moved into the default locale')
  }

  const search = db.collections[SEARCH]
  if (search) await search.collection.deleteMany({}, { session })
}

export function down(_args: MigrateDownArgs): Promise<void> {
  // Going back would throw away every translation; restore a backup taken before instead.
  return Promise.reject(new Error('The localization migration cannot be undone: restore the backup taken before it'))
}

function hasLocalizedField(fields: readonly Field[]): boolean {
  return fields.some((field) => {
    if ('localized' in field && field.localized) return true
    if ('fields' in field && Array.isArray(field.fields)) return hasLocalizedField(field.fields)
    if (field.type === 'tabs') return field.tabs.some((tab) => tab.localized || hasLocalizedField(tab.fields))
    if (field.type === 'blocks') return (field.blocks ?? []).some((block) => hasLocalizedField(block.fields))
    return false
  })
}

async function localizeCollection({ collection, fields, inside, filter = {} }: Target, options: LocalizeOptions, session?: ClientSession): Promise<number> {
  let changed = 0
  let batch: AnyBulkWriteOperation[] = []
  const flush = async () => {
    if (batch.length > 0) await collection.bulkWrite(batch, { ordered: false, session })
    batch = []
  }
  for await (const doc of collection.find(filter, { session })) {
    const data: unknown = inside ? doc[inside] : doc
    if (typeof data !== 'object' || data === null) continue
    const keys = localizeStoredValues(fields, data as Record<string, unknown>, options)
    if (keys.size === 0) continue
    const set: Document = {}
    for (const key of keys) set[inside ? `${inside}.${key}` : key] = (data as Record<string, unknown>)[key]
    batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: set } } })
    changed++
    if (batch.length >= WRITE_BATCH) await flush()
  }
  await flush()
  return changed
}

/** An index on `slug` (unique across all documents) would keep refusing what is now unique per locale. */
async function dropUnlocalizedIndexes({ collection, fields, inside }: Target, session?: ClientSession): Promise<void> {
  const localized = new Set(localizedIndexablePaths(fields).map((path) => (inside ? `${inside}.${path}` : path)))
  const indexes = await collection.indexes({ session }).catch(() => [])
  for (const index of indexes) {
    if (index.name && Object.keys(index.key).some((key) => localized.has(key))) await collection.dropIndex(index.name, { session })
  }
}
