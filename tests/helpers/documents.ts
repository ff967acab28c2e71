import { expect } from 'vitest'

import type { TestServer } from './startTestServer'

/** A document as the REST API answers it. */
export type ApiDocument = { id: string; [field: string]: any }

type WriteOptions = {
  /** Who writes: the installation's admin unless given. */
  token?: string
  /** Query string for the request, e.g. `?draft=true`; `?depth=0` unless given. */
  query?: string
}

/** Creates a document over REST, as a frontend or the admin would, and fails the test unless it is stored. */
export async function createDocument(server: TestServer, collection: string, data: Record<string, unknown>, { token = server.admin.token, query = '?depth=0' }: WriteOptions = {}): Promise<ApiDocument> {
  const response = await server.api(`/api/${collection}${query}`, { method: 'POST', token, json: data })
  expect(response.body?.errors, `creating a document in ${collection}`).toBeUndefined()
  expect(response.status).toBe(201)
  return response.body.doc as ApiDocument
}

/** Updates a document over REST and fails the test unless the update is accepted. */
export async function updateDocument(server: TestServer, collection: string, id: string, data: Record<string, unknown>, { token = server.admin.token, query = '?depth=0' }: WriteOptions = {}): Promise<ApiDocument> {
  const response = await server.api(`/api/${collection}/${id}${query}`, { method: 'PATCH', token, json: data })
  expect(response.body?.errors, `updating ${collection} ${id}`).toBeUndefined()
  expect(response.status).toBe(200)
  return response.body.doc as ApiDocument
}
