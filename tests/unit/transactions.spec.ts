import type { BaseDatabaseAdapter, DatabaseAdapterObj, PayloadRequest } from 'payload'
import { describe, expect, it } from 'vitest'

import { transactionOf, whenCommitted, withCommitNotices } from '@/db/transactions'

/** An adapter whose commit and rollback record their calls, and fail when told to. */
function start({ commitFails = false } = {}) {
  const calls: string[] = []
  const db = {
    commitTransaction: async (id: unknown) => {
      calls.push(`commit ${String(await id)}`)
      if (commitFails) throw new Error('the commit failed')
    },
    rollbackTransaction: async (id: unknown) => {
      calls.push(`rollback ${String(await id)}`)
    },
  }
  const adapter = { name: 'fake', defaultIDType: 'text', init: () => db as unknown as BaseDatabaseAdapter } as unknown as DatabaseAdapterObj
  const wrapped = withCommitNotices(adapter).init({ payload: {} as never })
  const request = (transactionID: unknown) => ({ payload: { db: wrapped }, transactionID }) as unknown as PayloadRequest
  return { db: wrapped, calls, request }
}

/** Settles to what the promise settled to, or 'pending' if it has not yet. */
const stateOf = async <T>(promise: Promise<T>): Promise<T | 'pending'> => Promise.race([promise, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))])

describe('transactionOf', () => {
  it('names the transaction only by a string or a number', async () => {
    expect(await transactionOf(undefined)).toBeNull()
    expect(await transactionOf({ transactionID: undefined })).toBeNull()
    // Payload without transactions: a promise of null…
    expect(await transactionOf({ transactionID: Promise.resolve(null) as never })).toBeNull()
    // …which its relationship loader replaces with `{}`.
    expect(await transactionOf({ transactionID: {} as never })).toBeNull()
    expect(await transactionOf({ transactionID: 'b2c4' })).toBe('b2c4')
    expect(await transactionOf({ transactionID: Promise.resolve('b2c4') as never })).toBe('b2c4')
    expect(await transactionOf({ transactionID: 7 })).toBe(7)
  })
})

describe('whenCommitted', () => {
  it('answers at once for a request in no transaction, whatever Payload left in transactionID', async () => {
    const { request } = start()
    expect(await whenCommitted(request(undefined))).toBe(true)
    expect(await whenCommitted(request(Promise.resolve(null)))).toBe(true)
    expect(await whenCommitted(request({}))).toBe(true)
  })

  it('waits for the commit of the request’s own transaction', async () => {
    const { db, request, calls } = start()
    const committed = whenCommitted(request('tx-1'))
    const other = whenCommitted(request('tx-2'))
    expect(await stateOf(committed)).toBe('pending')
    await db.commitTransaction(Promise.resolve('tx-1'))
    expect(await stateOf(committed)).toBe(true)
    expect(await stateOf(other)).toBe('pending')
    expect(calls).toEqual(['commit tx-1'])
  })

  it('answers false when the transaction is rolled back or its commit fails', async () => {
    const rolledBack = start()
    const waiting = whenCommitted(rolledBack.request('tx-1'))
    await rolledBack.db.rollbackTransaction('tx-1')
    expect(await waiting).toBe(false)

    const failing = start({ commitFails: true })
    const failed = whenCommitted(failing.request('tx-2'))
    await expect(failing.db.commitTransaction('tx-2')).rejects.toThrow('the commit failed')
    expect(await failed).toBe(false)
  })
})
