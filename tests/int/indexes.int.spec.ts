import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startTestServer, type TestServer } from '../helpers/startTestServer'

let server: TestServer

async function indexKeys(collection: string): Promise<Record<string, number>[]> {
  const db = server.payload.db as MongooseAdapter
  const indexes = await db.collections[collection].collection.indexes()
  return indexes.map((index) => index.key as Record<string, number>)
}

beforeAll(async () => {
  server = await startTestServer('indexes')
})

afterAll(async () => {
  await server?.stop()
})

describe('indexes for the queries frontends make', () => {
  it('has them on posts: slug in each language, publishing date, status with date, category with status and date', async () => {
    const keys = await indexKeys('posts')
    expect(keys).toEqual(
      expect.arrayContaining([
        { 'slug.en': 1 },
        { 'slug.de': 1 },
        { publishedAt: 1 },
        { categories: 1 },
        { _status: 1, publishedAt: 1 },
        { categories: 1, _status: 1, publishedAt: 1 },
      ]),
    )
  })

  it('has them on pages, categories and redirects: slug and full path in each language, redirect source', async () => {
    expect(await indexKeys('pages')).toEqual(expect.arrayContaining([{ 'slug.en': 1 }, { 'slug.de': 1 }, { 'path.en': 1 }, { 'path.de': 1 }]))
    expect(await indexKeys('categories')).toEqual(expect.arrayContaining([{ 'slug.en': 1 }, { 'slug.de': 1 }]))
    expect(await indexKeys('redirects')).toEqual(expect.arrayContaining([{ from: 1 }]))
  })
})
