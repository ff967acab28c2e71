import { afterAll, describe, expect, it } from 'vitest'

import { startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../helpers/webhookReceiver'

const env = {
  FOLIO_ADMIN: 'false',
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  // Short, so that an attempt cut off by the crash is taken up again within seconds.
  WEBHOOK_TIMEOUT_MS: '5000',
}

let first: BuiltServer | undefined
let second: BuiltServer | undefined
let receiver: WebhookReceiver | undefined

afterAll(async () => {
  await first?.kill()
  await second?.stop()
  await receiver?.close()
})

async function signIn(server: BuiltServer): Promise<string> {
  const credentials = { email: 'admin@folio.test', password: 'restart-test-password' }
  const registered = await server.api('/api/users/first-register', { method: 'POST', json: { ...credentials, name: 'Admin' } })
  expect(registered.status).toBe(200)
  return (await server.api('/api/users/login', { method: 'POST', json: credentials })).body.token
}

describe('webhook deliveries across a crash', () => {
  it('delivers everything that was in flight or pending when the server was killed, in order', async () => {
    receiver = await startWebhookReceiver()
    let crashed = false
    receiver.respondWith(() => (crashed ? 200 : 'hang'))

    first = await startBuiltServer('webhook-restart', env)
    const token = await signIn(first)
    const endpoint = await first.api('/api/webhooks', { method: 'POST', token, json: { name: 'Crash', url: receiver.url, events: ['created', 'updated'] } })
    expect(endpoint.status).toBe(201)
    const secret = (await first.api(`/api/webhooks/${endpoint.body.doc.id}/secret`, { method: 'POST', token })).body.secret

    // One document with five events (the first in flight, four waiting behind it) and another in flight.
    const category = await first.api('/api/categories', { method: 'POST', token, json: { title: 'Version 1' } })
    await receiver.waitForRequests(1)
    for (const version of [2, 3, 4, 5]) {
      const updated = await first.api(`/api/categories/${category.body.doc.id}`, { method: 'PATCH', token, json: { title: `Version ${version}` } })
      expect(updated.status).toBe(200)
    }
    await first.api('/api/categories', { method: 'POST', token, json: { title: 'Other document' } })
    await receiver.waitForRequests(2)

    await first.kill()
    crashed = true
    const inFlightIds = receiver.received.map((webhook) => webhook.headers['webhook-id'])

    second = await startBuiltServer('webhook-restart', env, { environment: first.environment })
    const delivered = await receiver.waitForSuccesses(6, () => true, 60_000)

    const versions = delivered.filter((webhook) => webhook.json.data.id === category.body.doc.id).map((webhook) => webhook.json.data.document.title)
    expect(versions).toEqual(['Version 1', 'Version 2', 'Version 3', 'Version 4', 'Version 5'])
    expect(delivered.map((webhook) => webhook.json.data.document.title)).toContain('Other document')
    for (const webhook of delivered) expect(verifyWebhook(webhook, secret)).toEqual(webhook.json)
    // The attempts cut off by the crash are sent again under the same webhook-id.
    const deliveredIds = delivered.map((webhook) => webhook.headers['webhook-id'])
    for (const id of inFlightIds) expect(deliveredIds).toContain(id)
    expect(new Set(deliveredIds).size).toBe(6)
  }, 120_000)
})
