import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { kickJobRunner } from '@/jobs/jobRunner'
import { refusedSchedule } from '@/plugins/scheduledPublishing/lib/scheduleTime'
import { advanceClock, resetClock } from '../helpers/controllableClock'
import { createDocument } from '../helpers/documents'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'
import { createEndpoint } from '../helpers/webhookEndpoints'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'
import { runJobsUntilIdle } from '../helpers/jobs'
import { waitUntil } from '../helpers/waitFor'

const HOUR = 60 * 60 * 1000

let server: TestServer
let editor: SignedInUser
let receiver: WebhookReceiver

const inAnHour = () => new Date(Date.now() + HOUR).toISOString()

const draftPost = (title: string, token = editor.token) => createDocument(server, 'posts', { title }, { token })

const schedule = (collection: string, id: string, body: unknown, token: string | undefined = editor.token) =>
  server.api(`/api/${collection}/${id}/schedule`, { method: 'POST', token, json: body })

/** Scheduled jobs run when the runner looks; waits nudge it instead of waiting for its next round. */
const nudgeJobs = { timeoutMs: 10_000, beforeRetry: () => kickJobRunner(server.payload) }

/** The publish and unpublish jobs queued for a document. */
const scheduledJobsFor = async (id: string) => {
  const { docs } = await server.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'schedulePublish' } }, limit: 0, pagination: false, depth: 0 })
  return docs.filter((job) => (job.input as { doc?: { value?: string } } | undefined)?.doc?.value === id)
}

/** What an anonymous visitor gets for the document. */
const publicStatus = async (collection: string, id: string) => (await server.api(`/api/${collection}/${id}?depth=0`)).status

beforeAll(async () => {
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  server = await startTestServer('scheduled-publishing')
  editor = await createSignedInUser(server.payload, server.api, 'editor')
  receiver = await startWebhookReceiver()
  await createEndpoint(server, { url: receiver.url, events: ['updated', 'published', 'unpublished'], collections: ['posts'] })
})

afterEach(() => {
  resetClock()
})

afterAll(async () => {
  await server?.stop()
  await receiver?.close()
})

describe('scheduled publishing', () => {
  it('publishes a draft at the chosen time without a manual step, stamped with that time', async () => {
    const post = await draftPost('Launch announcement')
    const at = inAnHour()
    const scheduled = await schedule('posts', post.id, { action: 'publish', at })
    expect(scheduled.status).toBe(201)
    expect(scheduled.body).toMatchObject({ action: 'publish', at })

    const listed = await server.api(`/api/posts/${post.id}/schedule`, { token: editor.token })
    expect(listed.body.upcoming).toEqual([{ id: scheduled.body.id, action: 'publish', at }])

    await runJobsUntilIdle(server.payload)
    expect(await publicStatus('posts', post.id)).toBe(404)

    advanceClock(HOUR + 1000)
    await waitUntil(async () => (await publicStatus('posts', post.id)) === 200, 'the post to be public', nudgeJobs)
    const published = await server.api(`/api/posts/${post.id}?depth=0`)
    expect(published.body._status).toBe('published')
    expect(Math.abs(Date.parse(published.body.publishedAt) - Date.parse(at))).toBeLessThan(60_000)
    expect((await server.api(`/api/posts/${post.id}/schedule`, { token: editor.token })).body.upcoming).toEqual([])
  })

  it('publishes the latest draft, not an older version', async () => {
    const post = await draftPost('Working title')
    await server.api(`/api/posts/${post.id}?draft=true`, { method: 'PATCH', token: editor.token, json: { title: 'Final title' } })
    expect((await schedule('posts', post.id, { action: 'publish', at: inAnHour() })).status).toBe(201)
    advanceClock(HOUR + 1000)
    await waitUntil(async () => (await publicStatus('posts', post.id)) === 200, 'the post to be public', nudgeJobs)
    expect((await server.api(`/api/posts/${post.id}?depth=0`)).body.title).toBe('Final title')
  })

  it('unpublishes at the chosen time, for pages too', async () => {
    const page = await server.api('/api/pages?depth=0', { method: 'POST', token: editor.token, json: { title: 'Summer sale', _status: 'published' } })
    expect(await publicStatus('pages', page.body.doc.id)).toBe(200)
    expect((await schedule('pages', page.body.doc.id, { action: 'unpublish', at: inAnHour() })).status).toBe(201)
    advanceClock(HOUR + 1000)
    await waitUntil(async () => (await publicStatus('pages', page.body.doc.id)) === 404, 'the page to be withdrawn', nudgeJobs)
  })

  it('sends the same webhook events as a manual publish', async () => {
    const manual = await draftPost('Published by hand')
    const scheduled = await draftPost('Published on schedule')
    receiver.received.splice(0)

    await server.api(`/api/posts/${manual.id}`, { method: 'PATCH', token: editor.token, json: { _status: 'published' } })
    await schedule('posts', scheduled.id, { action: 'publish', at: inAnHour() })
    advanceClock(HOUR + 1000)
    await waitUntil(async () => (await publicStatus('posts', scheduled.id)) === 200, 'the scheduled post to be public', nudgeJobs)

    const eventsFor = (id: string) => receiver.received.filter((webhook) => webhook.json.data.id === id).map((webhook) => webhook.json.type)
    await waitUntil(() => eventsFor(scheduled.id).length >= 2 && eventsFor(manual.id).length >= 2, 'both posts’ webhook events', nudgeJobs)
    expect(eventsFor(manual.id)).toEqual(['posts.updated', 'posts.published'])
    expect(eventsFor(scheduled.id)).toEqual(eventsFor(manual.id))
  })

  it('queues a publish of one language when asked, and lists it with its language', async () => {
    const post = await draftPost('Only in German soon')
    const german = await server.api(`/api/posts/${post.id}?locale=de&draft=true`, { method: 'PATCH', token: editor.token, json: { title: 'Bald nur auf Deutsch' } })
    expect(german.status).toBe(200)
    const at = inAnHour()
    const scheduled = await schedule('posts', post.id, { action: 'publish', at, locale: 'de' })
    expect(scheduled.status).toBe(201)
    expect(scheduled.body).toMatchObject({ action: 'publish', at, locale: 'de' })
    expect((await server.api(`/api/posts/${post.id}/schedule`, { token: editor.token })).body.upcoming).toEqual([{ id: scheduled.body.id, action: 'publish', at, locale: 'de' }])
    const [job] = await scheduledJobsFor(post.id)
    expect(job.input).toMatchObject({ type: 'publish', locale: 'de' })
  })

  it('cancels a scheduled publish', async () => {
    const post = await draftPost('Changed my mind')
    const scheduled = await schedule('posts', post.id, { action: 'publish', at: inAnHour() })
    const cancelled = await server.api(`/api/posts/${post.id}/schedule/${scheduled.body.id}`, { method: 'DELETE', token: editor.token })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.upcoming).toEqual([])
    advanceClock(HOUR + 1000)
    await runJobsUntilIdle(server.payload)
    expect(await publicStatus('posts', post.id)).toBe(404)
    const again = await server.api(`/api/posts/${post.id}/schedule/${scheduled.body.id}`, { method: 'DELETE', token: editor.token })
    expect(again.status).toBe(404)
  })

  it('refuses bad input with a message naming the problem', async () => {
    const post = await draftPost('Validation')
    const cases: [unknown, RegExp][] = [
      [{ action: 'publish', at: new Date(Date.now() - 1000).toISOString() }, /^at: must be in the future/],
      [{ action: 'publish', at: 'tomorrow' }, /^at: must be a date/],
      [{ action: 'archive', at: inAnHour() }, /^action:/],
      [{ action: 'publish', at: inAnHour(), who: 'me' }, /unknown field\(s\): who/],
      [{ action: 'publish', at: new Date(Date.now() + 6 * 366 * 24 * HOUR).toISOString() }, /within five years/],
      [{ action: 'publish', at: inAnHour(), locale: 'fr' }, /^locale: must be one of en, de$/],
      [{ action: 'unpublish', at: inAnHour(), locale: 'de' }, /^locale: only a publish is for one language/],
    ]
    for (const [body, message] of cases) {
      const response = await schedule('posts', post.id, body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.body.errors[0].message).toMatch(message)
    }
    expect((await server.api(`/api/posts/${post.id}/schedule`, { token: editor.token })).body.upcoming).toEqual([])
  })

  it("holds the admin's Schedule drawer to the same rules: a past or far time is answered with the reason", () => {
    // What the drawer sends to Payload's server function.
    const call = (date: Date, type = 'publish') => refusedSchedule({ name: 'schedule-publish', args: { type, date, doc: { relationTo: 'posts', value: 'x' } } })
    // "November 26 at 9:23 AM" read as midnight, say: already past.
    expect(call(new Date(Date.now() - 9 * HOUR))).toEqual({ error: 'The time to publish must be in the future' })
    expect(call(new Date(Date.now() - HOUR), 'unpublish')).toEqual({ error: 'The time to unpublish must be in the future' })
    expect(call(new Date(Date.now() + 6 * 366 * 24 * HOUR))).toEqual({ error: 'The time to publish must be within five years' })
    expect(call(new Date(Date.now() + HOUR))).toBeUndefined()
    // Cancelling an upcoming one sends no date; other server functions pass.
    expect(refusedSchedule({ name: 'schedule-publish', args: { deleteID: 'abc' } })).toBeUndefined()
    expect(refusedSchedule({ name: 'form-state', args: { date: new Date(0) } })).toBeUndefined()
    // By the job clock: once it has moved on, what was future is past.
    advanceClock(2 * HOUR)
    expect(call(new Date(Date.now() + HOUR))).toEqual({ error: 'The time to publish must be in the future' })
  })

  it('lets only users who may publish the document schedule it', async () => {
    const author = await createSignedInUser(server.payload, server.api, 'author')
    const othersPost = await draftPost('Not the author’s')
    expect((await schedule('posts', othersPost.id, { action: 'publish', at: inAnHour() }, '')).status).toBe(401)
    expect((await schedule('posts', othersPost.id, { action: 'publish', at: inAnHour() }, author.token)).status).toBe(403)
    expect((await schedule('posts', '64b000000000000000000000', { action: 'publish', at: inAnHour() })).status).toBe(404)

    const own = await draftPost('The author’s own', author.token)
    expect((await schedule('posts', own.id, { action: 'publish', at: inAnHour() }, author.token)).status).toBe(201)
  })

  it('refuses an id that is not a document id with 400 naming it, and queues nothing', async () => {
    const jobsBefore = (await server.payload.count({ collection: 'payload-jobs' })).totalDocs
    const scheduled = await schedule('posts', 'not-a-document', { action: 'publish', at: inAnHour() })
    expect(scheduled.status).toBe(400)
    expect(scheduled.body.errors[0].message).toBe('id: "not-a-document" is not a document id')
    const listed = await server.api('/api/pages/not-a-document/schedule', { token: editor.token })
    expect(listed.status).toBe(400)
    expect(listed.body.errors[0].message).toBe('id: "not-a-document" is not a document id')
    expect((await server.payload.count({ collection: 'payload-jobs' })).totalDocs).toBe(jobsBefore)
  })

  it('answers 404, as for a missing document, to a signed-in user who may not read the draft', async () => {
    // An account whose role Folio no longer knows (left in the database) reads published documents only.
    const stranger = await createSignedInUser(server.payload, server.api, 'author')
    await server.payload.db.updateOne({ collection: 'users', id: stranger.user.id, data: { role: 'contributor' } })
    const draft = await draftPost('Not public yet')
    const published = await server.api('/api/posts?depth=0', { method: 'POST', token: editor.token, json: { title: 'Public already', _status: 'published' } })
    expect(published.status).toBe(201)
    expect((await server.api(`/api/posts/${draft.id}?depth=0`, { token: stranger.token })).status).toBe(404)

    const hidden = await schedule('posts', draft.id, { action: 'publish', at: inAnHour() }, stranger.token)
    expect(hidden.status).toBe(404)
    expect((await server.api(`/api/posts/${draft.id}/schedule`, { token: stranger.token })).status).toBe(404)
    // A document the account may read but not update is refused as such.
    expect((await schedule('posts', published.body.doc.id, { action: 'unpublish', at: inAnHour() }, stranger.token)).status).toBe(403)
    expect(await scheduledJobsFor(draft.id)).toEqual([])
    expect(await scheduledJobsFor(published.body.doc.id)).toEqual([])
    expect(await publicStatus('posts', published.body.doc.id)).toBe(200)
  })
})
