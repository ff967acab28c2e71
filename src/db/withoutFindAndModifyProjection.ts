import type { BaseDatabaseAdapter, DatabaseAdapterObj } from 'payload'

/** Adapter methods that run `findAndModify` with a projection built from their `select`. */
const FIND_AND_MODIFY_METHODS = ['updateOne', 'updateGlobal', 'updateGlobalVersion', 'updateVersion', 'updateJobs', 'deleteOne'] as const

type Method = (this: BaseDatabaseAdapter, args: { select?: unknown }) => Promise<unknown>

/**
 * FerretDB 1.x refuses `findAndModify` with a `fields` projection ("not implemented yet"), which
 * Payload uses when a caller passes `select` (login attempts, for one). Dropping `select` there
 * returns the whole document instead: callers read only what they asked for.
 */
export function withoutFindAndModifyProjection(adapter: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const db = adapter.init(args)
      const methods = db as unknown as Record<string, Method>
      for (const name of FIND_AND_MODIFY_METHODS) {
        const original = methods[name]
        methods[name] = function (this: BaseDatabaseAdapter, methodArgs) {
          return original.call(this, { ...methodArgs, select: undefined })
        }
      }
      return db
    },
  }
}
