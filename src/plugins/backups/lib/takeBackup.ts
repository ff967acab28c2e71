import path from 'node:path'

import { getCurrentDate, type Payload, type PayloadRequest } from 'payload'

import { createBackup, type BackupResult } from '@/backup'
import { backupFileName } from '@/backup/backupFileName'
import { queueEmail } from '@/jobs/queueEmail'
import { adminEmails } from '@/lib/adminEmails'
import { BACKUPS, HEARTBEAT_MS, type BackupTrigger } from '../constants'
import type { ResolvedBackupsOptions } from '../types'
import { backupRecord } from './backupRecord'
import { describeBackup } from './describeBackup'
import { pruneBackups } from './pruneBackups'

export type BackupRun = { status: 'succeeded' | 'failed' | 'skipped'; fileName?: string; error?: string }

type RunOptions = {
  /** Which run this is (a scheduled time): of several instances, or a job run twice, only the first takes it. */
  runKey: string
  trigger: BackupTrigger
  /** The job running it, kept marked alive while the backup lasts. */
  jobId?: string | number
}

/** A progress stream that is no terminal: createBackup then logs plain lines instead of redrawing one. */
const NOT_A_TERMINAL = { isTTY: false } as NodeJS.WriteStream

/** Writes the run's row, unless another process (or an earlier attempt) already took this run. */
async function claimRun(payload: Payload, data: Record<string, unknown>): Promise<string | undefined> {
  try {
    const row = await payload.create({ collection: BACKUPS, data: data as never, overrideAccess: true, depth: 0 })
    return String(row.id)
  } catch (error) {
    const taken = await payload.db.findOne({ collection: BACKUPS, where: { runKey: { equals: data.runKey } } })
    if (taken) return undefined
    throw error
  }
}

/** Keeps the job's `updatedAt` fresh while it runs, so no runner takes a long backup for one a dead process left. */
function keepJobAlive(payload: Payload, jobId: string | number | undefined): () => void {
  if (jobId === undefined) return () => undefined
  const timer = setInterval(() => {
    payload.db
      .updateOne({ collection: 'payload-jobs', id: jobId, data: { updatedAt: getCurrentDate().toISOString() }, returning: false })
      .catch((error: unknown) => payload.logger.warn({ err: error, job: jobId }, 'backups: could not mark the backup job alive'))
  }, HEARTBEAT_MS)
  timer.unref()
  return () => clearInterval(timer)
}

async function emailAdmins(req: PayloadRequest, options: ResolvedBackupsOptions, { fileName, reason, id }: { fileName: string; reason: string; id: string }): Promise<void> {
  const to = await adminEmails(req.payload, options.usersCollection)
  if (to.length === 0) return
  const { serverURL, routes } = req.payload.config
  await queueEmail(req, {
    to,
    subject: `Folio backup failed: ${fileName}`,
    text: [
      `The backup ${fileName} could not be written to ${options.dir}.`,
      `Reason: ${reason}`,
      '',
      'The older archives were kept. Fix the cause; the next scheduled backup tries again. The list of backups:',
      `${serverURL}${routes.admin}/collections/${BACKUPS}/${id}`,
    ].join('\n'),
  })
}

/**
 * Takes one backup into the backup folder with createBackup (encrypted with a passphrase), lists it
 * in `backups`, deletes the archives beyond `keep`, and reports it (the audit log). A failure is
 * listed, reported and emailed to every admin, and the older archives are kept. Never throws for a
 * failed backup: it is recorded, not retried.
 */
export async function takeBackup(req: PayloadRequest, options: ResolvedBackupsOptions, { runKey, trigger, jobId }: RunOptions): Promise<BackupRun> {
  const { payload } = req
  const startedAt = getCurrentDate()
  const fileName = backupFileName(startedAt, Boolean(options.passphrase))
  const id = await claimRun(payload, {
    fileName,
    directory: options.dir,
    status: 'running',
    trigger,
    startedAt: startedAt.toISOString(),
    encrypted: Boolean(options.passphrase),
    runKey,
  })
  if (!id) {
    payload.logger.info({ runKey }, 'backups: this run was already taken by another process; skipped')
    return { status: 'skipped' }
  }

  const stopHeartbeat = keepJobAlive(payload, jobId)
  const started = Date.now()
  let result: BackupResult
  try {
    result = await createBackup({
      uri: options.databaseUri,
      out: path.join(options.dir, fileName),
      mediaDir: options.mediaDir,
      mediaExcludedReason: options.mediaExcludedReason,
      passphrase: options.passphrase,
      log: (line) => payload.logger.debug({ backup: fileName }, line),
      progressStream: NOT_A_TERMINAL,
    })
  } catch (error) {
    const reason = (error as Error).message || String(error)
    payload.logger.error({ err: error, file: fileName, dir: options.dir }, 'backups: the backup failed')
    await payload.update({
      collection: BACKUPS,
      id,
      data: { status: 'failed', error: reason, finishedAt: getCurrentDate().toISOString(), durationMs: Date.now() - started },
      overrideAccess: true,
      depth: 0,
    })
    await options.onEvent(req, { action: 'backup-failed', collection: BACKUPS, id, title: fileName, details: reason })
    await emailAdmins(req, options, { fileName, reason, id })
    return { status: 'failed', fileName, error: reason }
  } finally {
    stopHeartbeat()
  }

  await payload.update({
    collection: BACKUPS,
    id,
    data: { ...backupRecord(result), finishedAt: getCurrentDate().toISOString() },
    overrideAccess: true,
    depth: 0,
  })
  // Only once the new archive is whole are older ones deleted.
  const removed = await pruneBackups(payload, { dir: options.dir, keep: options.keep })
  await options.onEvent(req, { action: 'backup', collection: BACKUPS, id, title: fileName, details: describeBackup(result, removed) })
  payload.logger.info({ file: result.file, bytes: result.bytes, durationMs: result.durationMs, removed }, 'backups: backup written')
  return { status: 'succeeded', fileName }
}
