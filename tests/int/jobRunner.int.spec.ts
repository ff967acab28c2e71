import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { recoverStalledJobs } from '@/jobs/recoverStalledJobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser } from '../helpers/users'

// A queue no runner serves, so the jobs stay where the test puts them.
const QUEUE = 'unserved'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer('job-runner')
})

afterAll(async () => {
  await server?.stop()
})

async function queueJobMarkedProcessing(sinceMsAgo: number): Promise<string> {
  const job = await server.payload.jobs.queue({ task: 'sendEmail', queue: QUEUE, input: { to: ['nobody@folio.test'], subject: 's', text: 't' } })
  await server.payload.db.updateOne({
    collection: 'payload-jobs',
    id: job.id,
    data: { processing: true, updatedAt: new Date(Date.now() - sinceMsAgo).toISOString() },
    returning: false,
  })
  return String(job.id)
}

async function isProcessing(id: string): Promise<boolean> {
  const job = await server.payload.db.findOne<{ id: string; processing: boolean }>({ collection: 'payload-jobs', where: { id: { equals: id } } })
  return Boolean(job?.processing)
}

describe('recovering jobs left by a stopped process', () => {
  it('puts back jobs processing for longer than the threshold and leaves recent ones alone', async () => {
    const stalled = await queueJobMarkedProcessing(60_000)
    const recent = await queueJobMarkedProcessing(2_000)

    const recovered = await recoverStalledJobs(server.payload, { queues: [QUEUE], stalledAfterMs: 30_000 })

    expect(recovered).toBe(1)
    expect(await isProcessing(stalled)).toBe(false)
    expect(await isProcessing(recent)).toBe(true)
  })

  it('leaves the jobs of other queues alone', async () => {
    const stalled = await queueJobMarkedProcessing(60_000)
    expect(await recoverStalledJobs(server.payload, { queues: ['another-queue'], stalledAfterMs: 30_000 })).toBe(0)
    expect(await isProcessing(stalled)).toBe(true)
  })
})

describe('running jobs over the API', () => {
  it('is for admins only, and nobody reads the queued jobs (emails are in there)', async () => {
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    // Payload's run endpoint answers a refusal with 401.
    expect((await server.api('/api/payload-jobs/run')).status).toBe(401)
    expect((await server.api('/api/payload-jobs/run', { token: editor.token })).status).toBe(401)
    expect((await server.api('/api/payload-jobs/run?queue=unserved', { token: server.admin.token })).status).toBe(200)
    expect((await server.api('/api/payload-jobs', { token: editor.token })).status).toBe(403)
    expect((await server.api('/api/payload-jobs', { token: server.admin.token })).status).toBe(403)
  })
})
