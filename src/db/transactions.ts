import type { BaseDatabaseAdapter, DatabaseAdapterObj, PayloadRequest } from 'payload'

type Waiter = (committed: boolean) => void

const waitersOf = new WeakMap<object, Map<string, Waiter[]>>()

/**
 * The transaction a request's writes are in, or null when they are in none. Without transactions
 * Payload sets `transactionID` to a promise of null, which its relationship loader then replaces
 * with `{}` (it passes the id through JSON): only a string or a number names a transaction.
 */
export async function transactionOf(req: Pick<PayloadRequest, 'transactionID'> | undefined): Promise<string | number | null> {
  const id: unknown = await req?.transactionID
  return typeof id === 'string' || typeof id === 'number' ? id : null
}

/**
 * Resolves `true` once the request's transaction commits and `false` if it is rolled back; `true`
 * at once without a transaction (the local database, a MongoDB that is no replica set), where
 * every write is stored as it is made. For work started by a write that reads what the write
 * stored from outside its transaction: started earlier, it would not find it.
 */
export async function whenCommitted(req: Pick<PayloadRequest, 'payload' | 'transactionID'>): Promise<boolean> {
  const id = await transactionOf(req)
  const waiters = waitersOf.get(req.payload.db)
  if (id === null || !waiters) return true
  const key = String(id)
  return new Promise<boolean>((resolve) => waiters.set(key, [...(waiters.get(key) ?? []), resolve]))
}

/** The adapter, telling `whenCommitted` when each transaction ends. */
export function withCommitNotices(adapter: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const db = adapter.init(args)
      const waiters = new Map<string, Waiter[]>()
      waitersOf.set(db, waiters)
      const settle = (id: unknown, committed: boolean) => {
        const key = String(id)
        const waiting = waiters.get(key) ?? []
        waiters.delete(key)
        for (const waiter of waiting) waiter(committed)
      }
      const { commitTransaction, rollbackTransaction } = db
      db.commitTransaction = async function (this: BaseDatabaseAdapter, id) {
        try {
          await commitTransaction.call(this, id)
        } catch (error) {
          settle(await id, false)
          throw error
        }
        settle(await id, true)
      }
      db.rollbackTransaction = async function (this: BaseDatabaseAdapter, id) {
        try {
          await rollbackTransaction.call(this, id)
        } finally {
          settle(await id, false)
        }
      }
      return db
    },
  }
}
