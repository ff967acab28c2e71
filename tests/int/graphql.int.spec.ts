import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startTestServer, type TestServer } from '../helpers/startTestServer'

let server: TestServer
let categoryId: string

const graphql = (query: string, token?: string, headers?: Record<string, string>) =>
  server.api('/api/graphql', { method: 'POST', token, json: { query }, headers })

beforeAll(async () => {
  server = await startTestServer('graphql')
  const category = await server.payload.create({ collection: 'categories', data: { title: 'Releases' } })
  categoryId = category.id
  await server.payload.create({
    collection: 'posts',
    data: { title: 'Version one', categories: [categoryId], authors: [server.admin.user.id], _status: 'published' },
  })
  await server.payload.create({ collection: 'posts', data: { title: 'Unfinished', _status: 'draft' } })
})

afterAll(async () => {
  await server?.stop()
})

describe('GraphQL', () => {
  it('answers a query with its relationships populated', async () => {
    const response = await graphql(`{
      Posts(where: { title: { equals: "Version one" } }) {
        totalDocs
        docs { title slug categories { id title } populatedAuthors { name } }
      }
    }`)
    expect(response.status).toBe(200)
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data.Posts.totalDocs).toBe(1)
    expect(response.body.data.Posts.docs[0]).toEqual({
      title: 'Version one',
      slug: 'version-one',
      categories: [{ id: categoryId, title: 'Releases' }],
      populatedAuthors: [{ name: server.admin.user.name }],
    })
  })

  it('hides drafts from anonymous queries', async () => {
    const response = await graphql('{ Posts(where: { title: { equals: "Unfinished" } }) { totalDocs } }')
    expect(response.body.data.Posts.totalDocs).toBe(0)
  })

  it('runs a mutation with a JWT', async () => {
    const response = await graphql(
      'mutation { createCategory(data: { title: "From GraphQL" }) { id title slug } }',
      server.admin.token,
    )
    expect(response.status).toBe(200)
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data.createCategory).toMatchObject({ title: 'From GraphQL', slug: 'from-graphql' })
    const stored = await server.payload.findByID({ collection: 'categories', id: response.body.data.createCategory.id })
    expect(stored.title).toBe('From GraphQL')
  })

  it('refuses an anonymous mutation and stores nothing', async () => {
    const response = await graphql('mutation { createCategory(data: { title: "Anonymous" }) { id } }')
    expect(response.body.data?.createCategory ?? null).toBeNull()
    expect(response.body.errors[0].message).toMatch(/not allowed/i)
    expect(response.body.errors[0].extensions.statusCode).toBe(403)
    const { totalDocs } = await server.payload.count({
      collection: 'categories',
      where: { title: { equals: 'Anonymous' } },
    })
    expect(totalDocs).toBe(0)
  })

  it('rejects a syntactically broken query with 400 (GraphQL over HTTP)', async () => {
    const response = await graphql('{ Posts( { docs }', undefined, { Accept: 'application/graphql-response+json' })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/Syntax Error/)
  })
})
