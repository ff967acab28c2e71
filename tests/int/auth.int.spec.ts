import { randomUUID } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser } from '../helpers/users'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer('auth', { empty: true })
})

afterAll(async () => {
  await server?.stop()
})

describe('authentication', () => {
  it('makes the first registered user an admin, whatever role was asked for', async () => {
    const response = await server.api('/api/users/first-register', {
      method: 'POST',
      json: { email: 'founder@folio.test', password: 'a-long-password-1', name: 'Founder', role: 'author' },
    })
    expect(response.status).toBe(200)
    expect(response.body.user.role).toBe('admin')
    const stored = await server.payload.find({ collection: 'users', where: { email: { equals: 'founder@folio.test' } } })
    expect(stored.docs[0].role).toBe('admin')
  })

  it('gives users an admin creates later the role the admin chose', async () => {
    const founder = await server.api('/api/users/login', {
      method: 'POST',
      json: { email: 'founder@folio.test', password: 'a-long-password-1' },
    })
    const created = await server.api('/api/users', {
      method: 'POST',
      token: founder.body.token,
      json: { email: 'second@folio.test', password: 'a-long-password-2', name: 'Second', role: 'editor' },
    })
    expect(created.status).toBe(201)
    expect(created.body.doc.role).toBe('editor')
    const stored = await server.payload.findByID({ collection: 'users', id: created.body.doc.id })
    expect(stored.role).toBe('editor')
  })

  it('refuses to change an email to one another user has, naming the field', async () => {
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    const response = await server.api(`/api/users/${editor.user.id}`, {
      method: 'PATCH',
      token: editor.token,
      json: { email: 'FOUNDER@folio.test' },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.errors[0]).toMatchObject({ path: 'email' })
    const stored = await server.payload.findByID({ collection: 'users', id: editor.user.id })
    expect(stored.email).toBe(editor.email)
  })

  it('logs in, returns a JWT and accepts it for a write', async () => {
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    const login = await server.api('/api/users/login', {
      method: 'POST',
      json: { email: editor.email, password: editor.password },
    })
    expect(login.status).toBe(200)
    expect(login.body.token.split('.')).toHaveLength(3)
    expect(login.body.user.email).toBe(editor.email)

    const write = await server.api('/api/categories', {
      method: 'POST',
      token: login.body.token,
      json: { title: 'Written with a JWT' },
    })
    expect(write.status).toBe(201)
    expect(write.body.doc.title).toBe('Written with a JWT')
  })

  it('refuses a write with a forged token', async () => {
    const response = await server.api('/api/categories', {
      method: 'POST',
      token: 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngifQ.invalid',
      json: { title: 'Forged' },
    })
    expect(response.status).toBe(403)
    const { totalDocs } = await server.payload.count({ collection: 'categories', where: { title: { equals: 'Forged' } } })
    expect(totalDocs).toBe(0)
  })

  it('accepts an API key for an integration', async () => {
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    const apiKey = randomUUID()
    await server.payload.update({
      collection: 'users',
      id: editor.user.id,
      data: { enableAPIKey: true, apiKey },
    })
    const write = await server.api('/api/categories', {
      method: 'POST',
      apiKey,
      json: { title: 'Written with an API key' },
    })
    expect(write.status).toBe(201)
    const me = await server.api('/api/users/me', { apiKey })
    expect(me.body.user.email).toBe(editor.email)

    const wrongKey = await server.api('/api/categories', { method: 'POST', apiKey: randomUUID(), json: { title: 'x' } })
    expect(wrongKey.status).toBe(403)
  })
})
