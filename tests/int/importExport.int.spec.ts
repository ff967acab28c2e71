import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { runJobsUntilIdle } from '../helpers/jobs'
import { createSignedInUser, type SignedInUser } from '../helpers/users'

/** CSV and JSON export and import (Payload's import-export plugin), with the user's own access. */

let server: TestServer
let editor: SignedInUser
let author: SignedInUser

beforeAll(async () => {
  server = await startTestServer('import-export')
  editor = await createSignedInUser(server.payload, server.api, 'editor')
  author = await createSignedInUser(server.payload, server.api, 'author')
  const form = await server.payload.create({ collection: 'forms', data: {
      title: 'Contact',
      fields: [{ blockType: 'text', name: 'name', label: 'Name' }, { blockType: 'email', name: 'email', label: 'Email' }],
      confirmationType: 'message',
      confirmationMessage: lexicalFromLines(['Thank you.']),
    },
  })
  // Trusted set-up through the Local API (visitors' submissions are tested in forms.int.spec.ts).
  await server.payload.create({
    collection: 'form-submissions',
    data: { form: form.id, submissionData: [{ field: 'name', value: 'Rosa Parks' }, { field: 'email', value: 'rosa@example.com' }] },
  })
})

afterAll(async () => {
  await server?.stop()
})

const download = (token: string | undefined, data: Record<string, unknown>) =>
  fetch(`${server.url}/api/exports/download`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `JWT ${token}` } : {}) },
    body: JSON.stringify({ data }),
  })

describe('export', () => {
  it('gives an editor the form submissions as CSV, with the submitter’s name and email', async () => {
    const answer = await download(editor.token, { collectionSlug: 'form-submissions', format: 'csv', fields: ['submitterName', 'submitterEmail'] })
    expect(answer.status).toBe(200)
    const csv = await answer.text()
    const [header, ...rows] = csv.trim().split('\n')
    expect(header).toBe('submitterName,submitterEmail')
    expect(rows).toContain('Rosa Parks,rosa@example.com')
  })

  it('refuses submissions to an author, who may not read them, and to anonymous visitors', async () => {
    for (const [token, status, message] of [
      [author.token, 403, 'You may not read form-submissions, so you may not export it.'],
      [undefined, 401, 'Sign in to export.'],
    ] as const) {
      const answer = await download(token, { collectionSlug: 'form-submissions', format: 'csv', fields: ['submitterName', 'submitterEmail'] })
      expect(answer.status).toBe(status)
      const body = await answer.text()
      expect(body).not.toContain('rosa@example.com')
      expect(JSON.parse(body)).toMatchObject({ message, errors: [{ message }] })
    }
    const unknown = await download(editor.token, { collectionSlug: 'nope', format: 'csv' })
    expect(unknown.status).toBe(400)
  })

  it('exports posts as JSON in the list’s language', async () => {
    const created = await server.api('/api/posts', { method: 'POST', token: editor.token, json: { title: 'Exported in English', _status: 'published' } })
    expect(created.status).toBe(201)
    const answer = await download(editor.token, { collectionSlug: 'posts', format: 'json', fields: ['title'], locale: 'en', where: { id: { equals: created.body.doc.id } } })
    expect(answer.status).toBe(200)
    expect(JSON.parse(await answer.text())).toEqual([expect.objectContaining({ title: 'Exported in English' })])
  })

  it('keeps saved exports for editors and admins: an author can neither make nor list them', async () => {
    const refused = await server.api('/api/exports', { method: 'POST', token: author.token, json: { collectionSlug: 'posts', format: 'csv' } })
    expect(refused.status).toBe(403)
    expect((await server.api('/api/exports', { token: author.token })).status).toBe(403)
    expect((await server.api('/api/exports', { token: editor.token })).status).toBe(200)
  })
})

describe('import', () => {
  it('creates categories from an editor’s CSV through the jobs queue, and refuses an author', async () => {
    const csv = 'title,slug,description\nImported category,imported-category,From a spreadsheet\n'
    const upload = (token: string) => {
      const form = new FormData()
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'categories.csv')
      form.append('_payload', JSON.stringify({ collectionSlug: 'categories', importMode: 'create' }))
      return server.api('/api/imports', { method: 'POST', token, body: form })
    }
    expect((await upload(author.token)).status).toBe(403)
    expect((await server.api('/api/categories?where[slug][equals]=imported-category')).body.docs).toHaveLength(0)

    const accepted = await upload(editor.token)
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201)
    await runJobsUntilIdle(server.payload)
    const found = await server.api('/api/categories?depth=0&where[slug][equals]=imported-category')
    expect(found.body.docs).toEqual([expect.objectContaining({ title: 'Imported category', description: 'From a spreadsheet' })])
  })
})
