import { afterAll, describe, expect, it } from 'vitest'

import { startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

const env = { FOLIO_ADMIN: 'false', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }
/** Far enough ahead for the crash to come first; short, as a built server's clock is the real one. */
const AHEAD_MS = 4000

let first: BuiltServer | undefined
let second: BuiltServer | undefined
let receiver: WebhookReceiver | undefined

afterAll(async () => {
  await first?.kill()
  await second?.stop()
  await receiver?.close()
})

describe('scheduled publishing across a crash', () => {
  it('publishes a post scheduled before the server was killed, after it starts again', async () => {
    receiver = await startWebhookReceiver()
    first = await startBuiltServer('schedule-restart', env)
    const credentials = { email: 'admin@folio.test', password: 'schedule-restart-password' }
    expect((await first.api('/api/users/first-register', { method: 'POST', json: { ...credentials, name: 'Admin' } })).status).toBe(200)
    const token = (await first.api('/api/users/login', { method: 'POST', json: credentials })).body.token
    expect((await first.api('/api/webhooks', { method: 'POST', token, json: { name: 'Publish', url: receiver.url, events: ['published'] } })).status).toBe(201)

    const post = await first.api('/api/posts', { method: 'POST', token, json: { title: 'Published while down' } })
    const at = new Date(Date.now() + AHEAD_MS).toISOString()
    expect((await first.api(`/api/posts/${post.body.doc.id}/schedule`, { method: 'POST', token, json: { action: 'publish', at } })).status).toBe(201)
    await first.kill()

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(at) - Date.now())))
    second = await startBuiltServer('schedule-restart', env, { environment: first.environment })
    const [published] = await receiver.waitForSuccesses(1, () => true, 30_000)
    expect(published.json).toMatchObject({ type: 'posts.published', data: { id: post.body.doc.id, document: { title: 'Published while down', _status: 'published' } } })
    const read = await second.api(`/api/posts/${post.body.doc.id}?depth=0`)
    expect(read.status).toBe(200)
    expect(Date.parse(read.body.publishedAt)).toBeGreaterThanOrEqual(Date.parse(at))
  }, 120_000)
})
