import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { restoreBackup, verifyArchive } from '@/backup'
import { kickJobRunner } from '@/jobs/jobRunner'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { withDatabaseName } from '@/lib/withDatabaseName'
import type { Backup } from '@payload-types'
import { advanceClockPast, resetClock } from '../helpers/controllableClock'
import { createDocument } from '../helpers/documents'
import { runJobsUntilIdle } from '../helpers/jobs'
import { startSmtpListener, type SmtpListener } from '../helpers/smtpListener'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'
import { waitFor } from '../helpers/waitFor'

const PASSPHRASE = 'a passphrase for scheduled backups'
const KEEP = 2
const SETTINGS = {
  BACKUP_SCHEDULE: '0 3 * * *',
  BACKUP_KEEP: String(KEEP),
  FOLIO_BACKUP_PASSPHRASE: PASSPHRASE,
  SMTP_HOST: '127.0.0.1',
  EMAIL_FROM_ADDRESS: 'folio@folio.test',
}
/** Files in the backup folder Folio did not write; retention must never touch them. */
const FOREIGN_FILES = ['notes.txt', 'folio-by-hand.tar.gz', 'folio-2020-01-01T00-00-00-000Z.tar.gz.partial']

let server: TestServer
let smtp: SmtpListener
let backupDir: string
let secondAdmin: SignedInUser
let lastSlot = ''

const quiet = () => undefined

/** The archives in the backup folder, oldest first. */
const archivesInDir = () =>
  fs
    .readdirSync(backupDir)
    .filter((name) => !FOREIGN_FILES.includes(name))
    .sort()

async function backupRows(): Promise<Backup[]> {
  const { docs } = await server.payload.find({ collection: 'backups', sort: 'startedAt', limit: 0, pagination: false, depth: 0 })
  return docs
}

/**
 * Waits for the job runner to queue the next scheduled backup, moves Folio's clock past its time
 * and runs the queues: the backup then has run. Returns its row in the list.
 */
async function runNextScheduledBackup(): Promise<Backup> {
  const job = await waitFor(
    async () => {
      const { docs } = await server.payload.find({
        collection: 'payload-jobs',
        where: { and: [{ taskSlug: { equals: 'backup' } }, { completedAt: { exists: false } }, { waitUntil: { greater_than: lastSlot || '1970-01-01T00:00:00.000Z' } }] },
        sort: 'waitUntil',
        limit: 1,
        depth: 0,
      })
      return docs[0]
    },
    'the next scheduled backup to be queued',
    { beforeRetry: () => kickJobRunner(server.payload) },
  )
  const slot = new Date(job.waitUntil as string).toISOString()
  lastSlot = slot
  advanceClockPast(slot)
  await runJobsUntilIdle(server.payload)
  const { docs } = await server.payload.find({ collection: 'backups', where: { runKey: { equals: `scheduled:${slot}` } }, depth: 0 })
  expect(docs).toHaveLength(1)
  return docs[0]
}

async function auditEntryFor(row: Backup) {
  const { docs } = await server.payload.find({ collection: 'audit-log', where: { documentId: { equals: row.id } }, depth: 0 })
  return docs
}

beforeAll(async () => {
  smtp = await startSmtpListener()
  backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-scheduled-backups-'))
  for (const name of FOREIGN_FILES) fs.writeFileSync(path.join(backupDir, name), `not Folio's: ${name}\n`)
  Object.assign(process.env, SETTINGS, { BACKUP_DIR: backupDir, SMTP_PORT: String(smtp.port) })
  server = await startTestServer('scheduled_backups')
  secondAdmin = await createSignedInUser(server.payload, server.api, 'admin')
  await createDocument(server, 'posts', { title: 'Written before the backup', content: lexicalFromLines(['Kept safe.']), _status: 'published' })
})

afterAll(async () => {
  for (const name of [...Object.keys(SETTINGS), 'BACKUP_DIR', 'SMTP_PORT']) delete process.env[name]
  resetClock()
  await server?.stop()
  await smtp?.close()
  if (backupDir) fs.rmSync(backupDir, { recursive: true, force: true })
})

describe('scheduled backups', () => {
  it('writes an encrypted archive at the scheduled time that verifies and restores into a fresh database', async () => {
    const row = await runNextScheduledBackup()
    expect(row).toMatchObject({ status: 'succeeded', trigger: 'scheduled', encrypted: true, directory: backupDir })
    expect(row.error).toBeFalsy()
    const file = path.join(backupDir, row.fileName)
    expect(row.fileName).toMatch(/^folio-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.tar\.gz\.enc$/)
    expect(row.bytes).toBe(fs.statSync(file).size)
    expect(row.finishedAt! >= row.startedAt).toBe(true)
    expect(row.collectionCounts).toMatchObject({ posts: 1, users: 2 })

    const manifest = await verifyArchive(file, { passphrase: PASSPHRASE })
    expect(manifest.encrypted).toBe(true)
    expect(row.documents).toBe(manifest.collections.reduce((sum, { count }) => sum + count, 0))

    const uri = withDatabaseName(server.environment.databaseUri, `folio_scheduled_copy_${randomBytes(4).toString('hex')}`)
    const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-scheduled-media-'))
    const client = await MongoClient.connect(uri)
    try {
      await restoreBackup({ archive: file, uri, mediaDir, passphrase: PASSPHRASE, log: quiet })
      const titles = (await client.db().collection('posts').find().toArray()).map((post) => post.title)
      expect(titles).toEqual([{ en: 'Written before the backup' }])
    } finally {
      await client.db().dropDatabase()
      await client.close()
      fs.rmSync(mediaDir, { recursive: true, force: true })
    }
  })

  it('records each backup in the audit log with its archive, size and counts', async () => {
    const row = await runNextScheduledBackup()
    const entries = await auditEntryFor(row)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ action: 'backup', sourceCollection: 'backups', documentTitle: row.fileName, source: 'job', user: null })
    expect(entries[0].details).toMatch(new RegExp(`^\\d+\\.\\d MB; ${row.documents} documents in \\d+ collections; 0 uploaded files; encrypted`))
  })

  it(`keeps the ${KEEP} newest archives, marks the deleted ones removed and leaves other files in the folder alone`, { timeout: 60_000 }, async () => {
    for (let run = 0; run < KEEP + 1; run++) await runNextScheduledBackup()
    const rows = await backupRows()
    const written = rows.filter((row) => row.status === 'succeeded' || row.status === 'removed').map((row) => row.fileName).sort()
    expect(written.length).toBeGreaterThan(KEEP)
    expect(archivesInDir()).toEqual(written.slice(-KEEP))
    for (const name of FOREIGN_FILES) expect(fs.readFileSync(path.join(backupDir, name), 'utf8')).toBe(`not Folio's: ${name}\n`)
    const removed = rows.filter((row) => written.slice(0, -KEEP).includes(row.fileName))
    expect(removed.map((row) => row.status)).toEqual(removed.map(() => 'removed'))
    expect(removed.every((row) => typeof row.removedAt === 'string')).toBe(true)
  })

  it('takes a scheduled time once when two instances each queued it', async () => {
    const slot = new Date(Date.parse(lastSlot) + 60_000).toISOString()
    for (let instance = 0; instance < 2; instance++) {
      await server.payload.jobs.queue({ task: 'backup', queue: 'backups', input: {}, waitUntil: new Date(slot), meta: { scheduled: true } } as never)
    }
    const before = (await backupRows()).length
    advanceClockPast(slot)
    await runJobsUntilIdle(server.payload)
    const { docs } = await server.payload.find({ collection: 'backups', where: { runKey: { equals: `scheduled:${slot}` } }, depth: 0 })
    expect(docs).toHaveLength(1)
    expect(docs[0].status).toBe('succeeded')
    expect((await backupRows()).length).toBe(before + 1)
  })

  it('lists a failed backup with its reason, audits it and emails every admin, keeping the older archives', async () => {
    const kept = archivesInDir()
    // The folder becomes a file: nothing can be written into it.
    const aside = `${backupDir}-aside`
    fs.renameSync(backupDir, aside)
    fs.writeFileSync(backupDir, 'not a folder\n')
    let row: Backup
    try {
      row = await runNextScheduledBackup()
    } finally {
      fs.rmSync(backupDir, { force: true })
      fs.renameSync(aside, backupDir)
    }
    expect(row).toMatchObject({ status: 'failed', trigger: 'scheduled' })
    expect(row.bytes).toBeFalsy()
    expect(row.error).toMatch(/EEXIST|ENOTDIR/)
    expect(row.finishedAt).toEqual(expect.any(String))
    expect(archivesInDir()).toEqual(kept)

    const entries = await auditEntryFor(row)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ action: 'backup-failed', documentTitle: row.fileName, details: row.error, source: 'job' })

    const emails = await smtp.waitForEmails(1)
    const email = emails.find((candidate) => candidate.subject === `Folio backup failed: ${row.fileName}`)
    expect(email?.to.sort()).toEqual([server.admin.email, secondAdmin.email].sort())
    expect(email?.text).toContain(`Reason: ${row.error}`)
    expect(email?.text).toContain(`/admin/collections/backups/${row.id}`)
  })
})

describe('the list of backups', () => {
  let row: Backup

  beforeAll(async () => {
    row = (await backupRows())[0] ?? (await runNextScheduledBackup())
  })

  it('is read by admins', async () => {
    const response = await server.api(`/api/backups/${row.id}?depth=0`, { token: server.admin.token })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ id: row.id, fileName: row.fileName, status: row.status })
  })

  it.each(['editor', 'author'] as const)('refuses a %s with 403', async (role) => {
    const user = await createSignedInUser(server.payload, server.api, role)
    for (const url of ['/api/backups', `/api/backups/${row.id}`]) {
      const response = await server.api(url, { token: user.token })
      expect(response.status).toBe(403)
      expect(response.body.errors[0].message).toEqual(expect.any(String))
      expect(JSON.stringify(response.body)).not.toContain(row.fileName)
    }
  })

  it('refuses an anonymous read with 403', async () => {
    const response = await server.api('/api/backups')
    expect(response.status).toBe(403)
    expect(JSON.stringify(response.body)).not.toContain(row.fileName)
  })

  it.each([
    { what: 'create', method: 'POST', url: () => '/api/backups', json: { fileName: 'folio-made-up.tar.gz', status: 'succeeded', trigger: 'manual', startedAt: '2030-01-01T00:00:00.000Z', runKey: 'made-up' } },
    { what: 'update', method: 'PATCH', url: () => `/api/backups/${row.id}`, json: { status: 'removed' } },
    { what: 'delete', method: 'DELETE', url: () => `/api/backups/${row.id}`, json: undefined },
  ])('refuses to $what a backup through the API, even for an admin', async ({ method, url, json }) => {
    const before = await backupRows()
    const response = await server.api(url(), { method, token: server.admin.token, json })
    expect(response.status).toBe(403)
    expect(response.body.errors[0].message).toEqual(expect.any(String))
    expect(await backupRows()).toEqual(before)
  })
})

describe('start-up', () => {
  it.each([
    { name: 'BACKUP_SCHEDULE', value: 'every night', message: 'BACKUP_SCHEDULE must be a cron expression such as "0 3 * * *" (minute hour day-of-month month day-of-week), got "every night"' },
    { name: 'BACKUP_KEEP', value: '0', message: 'BACKUP_KEEP must be a positive whole number (how many archives to keep), got "0"' },
  ])('refuses to start with $name=$value, naming the value', { timeout: 90_000 }, ({ name, value, message }) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', MONGODB_URI: 'mongodb://127.0.0.1:1/unused', [name]: value }
    const result = spawnSync(path.resolve('node_modules/.bin/tsx'), ['--conditions=production', 'src/main.ts'], { env, encoding: 'utf8', timeout: 60_000 })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`Folio cannot start: ${message}`)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
