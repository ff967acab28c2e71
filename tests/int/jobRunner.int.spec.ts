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

type StoredJob = { id: string; processing?: boolean; totalTried?: number; completedAt?: string | null }

const findJob = (id: string) => server.payload.db.findOne<StoredJob>({ collection: 'payload-jobs', where: { id: { equals: id } } })

async function isProcessing(id: string): Promise<boolean> {
  const job = await findJob(id)
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
    // The same job is put back by a recovery of its own queue: it was stalled, only not theirs.
    expect(await recoverStalledJobs(server.payload, { queues: [QUEUE], stalledAfterMs: 30_000 })).toBeGreaterThanOrEqual(1)
    expect(await isProcessing(stalled)).toBe(false)
  })
})

describe('running jobs over the API', () => {
  it('is for admins only, and nobody reads the queued jobs (emails are in there)', async () => {
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    const job = await server.payload.jobs.queue({ task: 'sendEmail', queue: QUEUE, input: { to: ['someone@folio.test'], subject: 'Queued', text: 'Waiting for a run.' } })
    const id = String(job.id)
    // Payload's run endpoint answers a refusal with 401, and runs nothing.
    expect((await server.api(`/api/payload-jobs/run?queue=${QUEUE}`)).status).toBe(401)
    expect((await server.api(`/api/payload-jobs/run?queue=${QUEUE}`, { token: editor.token })).status).toBe(401)
    expect(await findJob(id)).toMatchObject({ totalTried: 0, processing: false })
    expect((await findJob(id))?.completedAt ?? null).toBeNull()

    expect((await server.api(`/api/payload-jobs/run?queue=${QUEUE}`, { token: server.admin.token })).status).toBe(200)
    // Run, sent (to the log, without SMTP) and deleted, as completed jobs are.
    expect(await findJob(id)).toBeNull()

    const listedByEditor = await server.api('/api/payload-jobs', { token: editor.token })
    expect(listedByEditor.status).toBe(403)
    expect(listedByEditor.body.docs).toBeUndefined()
    const listedByAdmin = await server.api('/api/payload-jobs', { token: server.admin.token })
    expect(listedByAdmin.status).toBe(403)
    expect(listedByAdmin.body.docs).toBeUndefined()
  })
})
