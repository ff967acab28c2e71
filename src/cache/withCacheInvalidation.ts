import type { BaseDatabaseAdapter, DatabaseAdapterObj, PayloadRequest, TypeWithID } from 'payload'

import { transactionOf } from '@/db/transactions'
import { anyDocTag, docTag, globalTag, listTag } from './cacheTags'
import { isRecordingDependencies, markUncacheable, recordDependencies } from './dependencyScope'
import { idsOfWhere } from './idsOfWhere'
import { publishInvalidation } from './invalidationBus'

type Args = { collection?: string; slug?: string; where?: unknown; id?: string | number; req?: Pick<PayloadRequest, 'transactionID'> }
type Method = (this: BaseDatabaseAdapter, args: Args) => Promise<unknown>

const COLLECTION_READS = ['find', 'findOne', 'count', 'findDistinct'] as const
/** Reads of versions and drafts: what they return is not described by any tag. */
const VERSION_READS = ['queryDrafts', 'findVersions', 'findGlobalVersions', 'countVersions', 'countGlobalVersions'] as const
// Not `updateJobs`: Payload calls it without a collection, and the jobs it writes are never read
// into a cached answer (their collection refuses every read).
const COLLECTION_WRITES = ['create', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'upsert'] as const
const GLOBAL_WRITES = ['createGlobal', 'updateGlobal'] as const

/** Collections a collection's join fields read along with it. */
function joinedCollections(db: BaseDatabaseAdapter, collection: string): string[] {
  const collections = db.payload?.collections as Record<string, { config?: { joins?: Record<string, unknown> } }> | undefined
  const joins = collections?.[collection]?.config?.joins
  return joins ? Object.keys(joins) : []
}

function readTags(db: BaseDatabaseAdapter, { collection = '', where }: Args): string[] {
  const ids = idsOfWhere(where)
  const tags = ids ? [anyDocTag(collection), ...ids.map((id) => docTag(collection, id))] : [listTag(collection)]
  return [...tags, ...joinedCollections(db, collection).map(listTag)]
}

function writeTags({ collection = '', where, id }: Args, result: unknown): string[] {
  const ids = id !== undefined ? [String(id)] : idsOfWhere(where)
  const resultID = (result as Partial<TypeWithID> | null)?.id
  const tags = [listTag(collection)]
  if (ids) tags.push(...ids.map((docID) => docTag(collection, docID)))
  else tags.push(anyDocTag(collection))
  if (resultID !== undefined) tags.push(docTag(collection, String(resultID)))
  return tags
}

/**
 * The response cache's invalidation, at the one place every read and write passes: the database
 * adapter. It tells the cache what each request read and what each write changed. Reads made while answering a
 * cacheable request become its tags (src/cache/dependencyScope); every write publishes the tags
 * it invalidates, again when its transaction commits (a reader may have cached the old committed
 * state in between).
 */
export function withCacheInvalidation(adapter: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const db = adapter.init(args)
      const methods = db as unknown as Record<string, Method>
      const pending = new Map<string, Set<string>>()

      const wrap = (name: string, around: (original: Method) => Method) => {
        const original = methods[name]
        if (typeof original === 'function') methods[name] = around(original)
      }
      const afterWrite = async (args: Args, tags: string[]) => {
        publishInvalidation(tags)
        const transactionID = await transactionOf(args.req)
        if (transactionID === null) return
        const key = String(transactionID)
        const set = pending.get(key) ?? new Set<string>()
        for (const tag of tags) set.add(tag)
        pending.set(key, set)
      }

      for (const name of COLLECTION_READS) {
        wrap(name, (original) =>
          function (this: BaseDatabaseAdapter, methodArgs) {
            // Most reads (jobs, writes' own lookups, signed-in requests) are outside any cached answer.
            if (isRecordingDependencies()) recordDependencies(readTags(this, methodArgs))
            return original.call(this, methodArgs)
          },
        )
      }
      for (const name of VERSION_READS) {
        wrap(name, (original) =>
          function (this: BaseDatabaseAdapter, methodArgs) {
            markUncacheable()
            return original.call(this, methodArgs)
          },
        )
      }
      wrap('findGlobal', (original) =>
        function (this: BaseDatabaseAdapter, methodArgs) {
          recordDependencies([globalTag(methodArgs.slug ?? '')])
          return original.call(this, methodArgs)
        },
      )
      for (const name of COLLECTION_WRITES) {
        wrap(name, (original) =>
          async function (this: BaseDatabaseAdapter, methodArgs) {
            const result = await original.call(this, methodArgs)
            await afterWrite(methodArgs, writeTags(methodArgs, result))
            return result
          },
        )
      }
      for (const name of GLOBAL_WRITES) {
        wrap(name, (original) =>
          async function (this: BaseDatabaseAdapter, methodArgs) {
            const result = await original.call(this, methodArgs)
            await afterWrite(methodArgs, [globalTag(methodArgs.slug ?? '')])
            return result
          },
        )
      }
      wrap('commitTransaction', (original) =>
        async function (this: BaseDatabaseAdapter, id) {
          const result = await original.call(this, id)
          const key = String(await (id as unknown))
          const tags = pending.get(key)
          pending.delete(key)
          if (tags) publishInvalidation([...tags])
          return result
        },
      )
      wrap('rollbackTransaction', (original) =>
        async function (this: BaseDatabaseAdapter, id) {
          pending.delete(String(await (id as unknown)))
          return original.call(this, id)
        },
      )
      return db
    },
  }
}
