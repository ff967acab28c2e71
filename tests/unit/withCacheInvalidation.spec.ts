import type { BaseDatabaseAdapter, DatabaseAdapterObj } from 'payload'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { runWithDependencies, type Dependencies } from '@/cache/dependencyScope'
import { onInvalidation } from '@/cache/invalidationBus'
import { withCacheInvalidation } from '@/cache/withCacheInvalidation'

/**
 * withCacheInvalidation around a database adapter whose methods answer from a table: what each
 * read tells the response cache it depended on, and what each write tells it to forget.
 */

const COLLECTION_READS = ['find', 'findOne', 'count', 'findDistinct'] as const
const VERSION_READS = ['queryDrafts', 'findVersions', 'findGlobalVersions', 'countVersions', 'countGlobalVersions'] as const
const COLLECTION_WRITES = ['create', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'upsert'] as const
const GLOBAL_WRITES = ['createGlobal', 'updateGlobal'] as const
const TRANSACTIONS = ['beginTransaction', 'commitTransaction', 'rollbackTransaction'] as const
// updateJobs is called without a `collection` (the adapter knows it writes payload-jobs): only passed through here.
const ALL = [...COLLECTION_READS, ...VERSION_READS, 'findGlobal', ...COLLECTION_WRITES, 'updateJobs', ...GLOBAL_WRITES, ...TRANSACTIONS] as const

type Name = (typeof ALL)[number]
type Call = { name: Name; self: unknown; args: unknown }
type Db = Record<Name, (args?: unknown) => Promise<unknown>> & { payload: unknown }

const postA = '6b049fe812af98e4c77b9701'
const postB = '6b049fe812af98e4c77b9702'

/**
 * An adapter whose every method records its call and answers `answers[name]` (by default
 * `{ id: postA }`), or fails with `failures[name]`. Posts have a join field on comments.
 */
type FakeOptions = { without?: Name[]; answers?: Partial<Record<Name, unknown>>; failures?: Partial<Record<Name, Error>> }

function fakeAdapter({ without = [], answers = {}, failures = {} }: FakeOptions = {}) {
  const calls: Call[] = []
  const db: Record<string, unknown> = {
    payload: { collections: { posts: { config: { joins: { comments: [{}] } } }, comments: { config: { joins: {} } }, users: { config: {} } } },
  }
  for (const name of ALL.filter((method) => !without.includes(method))) {
    db[name] = function (this: unknown, args: unknown) {
      calls.push({ name, self: this, args })
      const failure = failures[name]
      if (failure) return Promise.reject(failure)
      return Promise.resolve(name in answers ? answers[name] : { id: postA })
    }
  }
  const init = vi.fn(() => db as unknown as BaseDatabaseAdapter)
  const adapter = { name: 'fake', defaultIDType: 'text', allowIDOnCreate: false, init } as unknown as DatabaseAdapterObj
  return { adapter, init, calls }
}

function start(options: FakeOptions = {}) {
  const fake = fakeAdapter(options)
  const db = withCacheInvalidation(fake.adapter).init({ payload: {} as never }) as unknown as Db
  return { ...fake, db }
}

/** Every list of tags published since the test began. */
let published: string[][] = []
let stopListening: () => void

beforeEach(() => {
  published = []
  stopListening = onInvalidation((tags) => published.push(tags))
})

afterEach(() => stopListening())

const recorded = async (read: () => Promise<unknown>): Promise<Dependencies> => (await runWithDependencies(read)).dependencies

/** The tags one publication carried, in order, each once. */
const tagsOf = (publication: string[] | undefined) => [...new Set(publication)].sort()

describe('withCacheInvalidation: the adapter', () => {
  it('keeps the adapter’s own properties and initialises it with Payload’s arguments', () => {
    const { adapter, init } = fakeAdapter()
    const wrapped = withCacheInvalidation(adapter)
    expect(wrapped).toMatchObject({ name: 'fake', defaultIDType: 'text', allowIDOnCreate: false })
    const args = { payload: { config: {} } as never }
    const db = wrapped.init(args)
    expect(init).toHaveBeenCalledWith(args)
    expect(db).toBe(init.mock.results[0].value)
  })

  it.each(ALL)('calls the adapter’s own %s on the adapter, with its arguments, and answers what it answered', async (name) => {
    const answer = { id: postB, title: name }
    const { db, calls } = start({ answers: { [name]: answer } })
    const args = { collection: 'posts', slug: 'site-settings', where: { id: { equals: postB } } }
    await expect(db[name](args)).resolves.toBe(answer)
    expect(calls).toEqual([{ name, self: db, args }])
  })

  it('leaves methods the adapter does not have missing, as Payload checks for them', () => {
    const { db } = start({ without: ['findDistinct', 'updateJobs', 'rollbackTransaction'] })
    expect(['findDistinct', 'updateJobs', 'rollbackTransaction'].filter((name) => name in db)).toEqual([])
    expect(typeof db.find).toBe('function')
  })
})

describe('withCacheInvalidation: reads', () => {
  it.each(COLLECTION_READS)('%s of a whole collection depends on its list and on the collections it joins', async (name) => {
    const { db } = start()
    const dependencies = await recorded(() => db[name]({ collection: 'posts', where: { title: { equals: 'Hi' } } }))
    expect([...dependencies.tags].sort()).toEqual(['list:comments', 'list:posts'])
    expect(dependencies.uncacheable).toBe(false)
  })

  it.each(COLLECTION_READS)('%s by id depends on those documents only, and on any document of the collection', async (name) => {
    const { db } = start()
    const dependencies = await recorded(() => db[name]({ collection: 'comments', where: { and: [{ id: { in: [postA, postB] } }, { approved: { equals: true } }] } }))
    expect([...dependencies.tags].sort()).toEqual([`doc:comments:${postA}`, `doc:comments:${postB}`, 'docs:comments'])
  })

  it('a read of a collection without joins depends on that collection alone', async () => {
    const { db } = start()
    const dependencies = await recorded(() => db.find({ collection: 'users' }))
    expect([...dependencies.tags]).toEqual(['list:users'])
  })

  it.each([
    ['a collection Payload does not list', { collections: {} }],
    ['a collection without a config', { collections: { posts: {} } }],
    ['an adapter not yet attached to Payload', undefined],
  ])('a read of %s depends on its list alone', async (_, payload) => {
    const { db } = start()
    db.payload = payload
    const dependencies = await recorded(() => db.find({ collection: 'posts' }))
    expect([...dependencies.tags]).toEqual(['list:posts'])
  })

  it('a read of a global depends on that global', async () => {
    const { db } = start()
    const dependencies = await recorded(() => db.findGlobal({ slug: 'site-settings' }))
    expect([...dependencies.tags]).toEqual(['global:site-settings'])
  })

  it.each(VERSION_READS)('%s makes the answer uncacheable: no tag describes versions and drafts', async (name) => {
    const { db } = start()
    const dependencies = await recorded(() => db[name]({ collection: 'posts' }))
    expect(dependencies.uncacheable).toBe(true)
  })

  it('records what each request read in that request’s own scope only', async () => {
    const { db } = start()
    const [first, second] = await Promise.all([
      recorded(async () => {
        await db.find({ collection: 'users' })
        await db.findGlobal({ slug: 'header' })
      }),
      recorded(() => db.find({ collection: 'comments' })),
    ])
    expect([...first.tags].sort()).toEqual(['global:header', 'list:users'])
    expect([...second.tags]).toEqual(['list:comments'])
  })

  it('publishes nothing for a read', async () => {
    const { db } = start()
    for (const name of [...COLLECTION_READS, ...VERSION_READS]) await db[name]({ collection: 'posts' })
    await db.findGlobal({ slug: 'header' })
    expect(published).toEqual([])
  })
})

describe('withCacheInvalidation: writes', () => {
  it.each(COLLECTION_WRITES)('%s by id invalidates the collection’s lists and that document', async (name) => {
    const { db } = start({ answers: { [name]: { id: postB } } })
    await db[name]({ collection: 'posts', id: postB })
    expect(published.map(tagsOf)).toEqual([[`doc:posts:${postB}`, 'list:posts']])
  })

  it.each(COLLECTION_WRITES)('%s by a query on ids invalidates the lists and those documents', async (name) => {
    const { db } = start({ answers: { [name]: null } })
    await db[name]({ collection: 'posts', where: { id: { in: [postA, postB] } } })
    expect(published.map(tagsOf)).toEqual([[`doc:posts:${postA}`, `doc:posts:${postB}`, 'list:posts']])
  })

  it.each(COLLECTION_WRITES)('%s by any other query invalidates the lists and every document of the collection', async (name) => {
    const { db } = start({ answers: { [name]: [{ id: postA }] } })
    await db[name]({ collection: 'posts', where: { title: { equals: 'Hi' } } })
    expect(published.map(tagsOf)).toEqual([['docs:posts', 'list:posts']])
  })

  it('a create invalidates the lists and the new document, whose id only its answer knows', async () => {
    const { db } = start({ answers: { create: { id: postB, title: 'New' } } })
    await db.create({ collection: 'posts', data: { title: 'New' } })
    expect(published.map(tagsOf)).toEqual([[`doc:posts:${postB}`, 'docs:posts', 'list:posts']])
  })

  it('takes numeric ids as text', async () => {
    const { db } = start({ answers: { updateOne: { id: 8 } } })
    await db.updateOne({ collection: 'users', id: 7 })
    expect(published.map(tagsOf)).toEqual([['doc:users:7', 'doc:users:8', 'list:users']])
  })

  it.each(GLOBAL_WRITES)('%s invalidates that global', async (name) => {
    const { db } = start()
    await db[name]({ slug: 'site-settings', data: {} })
    expect(published).toEqual([['global:site-settings']])
  })

  it('meets a read on the tags a write publishes even when neither names its collection', async () => {
    const { db } = start({ answers: { updateMany: null } })
    const dependencies = await recorded(() => db.find({}))
    await db.updateMany({ where: { title: { equals: 'Hi' } } })
    expect([...dependencies.tags]).toEqual(['list:'])
    expect(tagsOf(published[0])).toEqual(['docs:', 'list:'])
  })

  it('meets a read of a global on the tag a write publishes even when neither names the global', async () => {
    const { db } = start()
    const dependencies = await recorded(() => db.findGlobal({}))
    await db.updateGlobal({ data: {} })
    expect([...dependencies.tags]).toEqual(['global:'])
    expect(published).toEqual([['global:']])
  })

  it('publishes nothing for a write that failed', async () => {
    const failures = Object.fromEntries([...COLLECTION_WRITES, ...GLOBAL_WRITES].map((name) => [name, new Error(`${name} failed`)]))
    const { db } = start({ failures })
    for (const name of [...COLLECTION_WRITES, ...GLOBAL_WRITES]) await expect(db[name]({ collection: 'posts', slug: 'header', id: postA })).rejects.toThrow(`${name} failed`)
    expect(published).toEqual([])
  })

  it('publishes a write’s tags once it is done, not before', async () => {
    let finish: (answer: unknown) => void = () => undefined
    const { db } = start({ answers: { updateOne: new Promise((resolve) => (finish = resolve)) } })
    const writing = db.updateOne({ collection: 'posts', id: postA })
    await new Promise((resolve) => setImmediate(resolve))
    expect(published).toEqual([])
    finish({ id: postA })
    await writing
    expect(published.map(tagsOf)).toEqual([[`doc:posts:${postA}`, 'list:posts']])
  })
})

describe('withCacheInvalidation: transactions', () => {
  it('publishes a transaction’s writes again, all together, when it commits', async () => {
    const { db } = start({ answers: { create: { id: postB } } })
    const req = { transactionID: 'tx-1' }
    await db.updateOne({ collection: 'posts', id: postA, req })
    await db.create({ collection: 'comments', req })
    await db.updateGlobal({ slug: 'header', req })
    expect(published).toHaveLength(3)
    await db.commitTransaction('tx-1')
    expect(published).toHaveLength(4)
    expect(tagsOf(published[3])).toEqual([`doc:comments:${postB}`, `doc:posts:${postA}`, 'docs:comments', 'global:header', 'list:comments', 'list:posts'])
  })

  it('reads a transaction id that Payload hands over as a promise', async () => {
    const { db } = start()
    await db.updateOne({ collection: 'posts', id: postA, req: { transactionID: Promise.resolve('tx-2') } })
    await db.commitTransaction(Promise.resolve('tx-2'))
    expect(published.map(tagsOf)).toEqual([
      [`doc:posts:${postA}`, 'list:posts'],
      [`doc:posts:${postA}`, 'list:posts'],
    ])
  })

  it('keeps each transaction’s writes to itself, and publishes them once', async () => {
    const { db } = start({ answers: { updateOne: null } })
    await db.updateOne({ collection: 'posts', id: postA, req: { transactionID: 'tx-a' } })
    await db.updateOne({ collection: 'users', id: postB, req: { transactionID: 'tx-b' } })
    published = []
    await db.commitTransaction('tx-b')
    await db.commitTransaction('tx-b')
    expect(published.map(tagsOf)).toEqual([[`doc:users:${postB}`, 'list:users']])
    await db.commitTransaction('tx-a')
    expect(published.map(tagsOf)).toEqual([
      [`doc:users:${postB}`, 'list:users'],
      [`doc:posts:${postA}`, 'list:posts'],
    ])
  })

  it('forgets a rolled-back transaction’s writes: its commit, were it to come, publishes nothing again', async () => {
    const { db, calls } = start()
    await db.updateOne({ collection: 'posts', id: postA, req: { transactionID: 'tx-3' } })
    await db.rollbackTransaction(Promise.resolve('tx-3'))
    expect(calls.at(-1)).toMatchObject({ name: 'rollbackTransaction' })
    published = []
    await db.commitTransaction('tx-3')
    expect(published).toEqual([])
  })

  it('keeps nothing pending for a write outside any transaction', async () => {
    const { db } = start()
    await db.updateOne({ collection: 'posts', id: postA })
    await db.updateOne({ collection: 'posts', id: postA, req: {} })
    await db.updateOne({ collection: 'posts', id: postA, req: { transactionID: null } })
    expect(published).toHaveLength(3)
    await db.commitTransaction('undefined')
    await db.commitTransaction('null')
    expect(published).toHaveLength(3)
  })
})
