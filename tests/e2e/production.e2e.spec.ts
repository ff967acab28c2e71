import { spawn, spawnSync } from 'node:child_process'
import http from 'node:http'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { generateImage } from '@/lib/generateImage'
import { PLACEHOLDER_SECRET } from '@/settings'
import { SERVER_ENTRY, startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'

/**
 * Runs the compiled server as a bare installation: a folder with only package.json, dist/ and the
 * dependencies, so neither this checkout's .env nor its local database tools are found.
 */
function makeBareInstallation(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bare-'))
  fs.copyFileSync('package.json', path.join(root, 'package.json'))
  fs.cpSync('dist', path.join(root, 'dist'), { recursive: true })
  fs.symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'))
  return root
}

function startBareInstallation(env: Record<string, string>) {
  const root = makeBareInstallation()
  const result = spawnSync(process.execPath, [path.join(root, SERVER_ENTRY)], {
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:1/unused', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
  fs.rmSync(root, { recursive: true, force: true })
  return result
}

describe('production start-up', () => {
  // Lexical's "node" build can leave Node 20's module loader unsettled (exit 13, no output) in
  // about a third of starts; dist/server.js must always run the app with the "production" condition.
  it('starts the same way every time: eight starts in a row all reach Folio’s own checks', { timeout: 120_000 }, async () => {
    const statuses: (number | null)[] = []
    for (let start = 0; start < 8; start++) {
      const result = await startBareInstallationAsync({ PAYLOAD_SECRET: 'tooshort' })
      expect(result.stderr).toContain('PAYLOAD_SECRET must be at least 32 characters')
      statuses.push(result.status)
    }
    expect(statuses).toEqual([1, 1, 1, 1, 1, 1, 1, 1])
  })

  it('refuses to start without PAYLOAD_SECRET', () => {
    const result = startBareInstallation({})
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('Folio cannot start: PAYLOAD_SECRET is not set')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses to start with the placeholder secret from .env.example', () => {
    const result = startBareInstallation({ PAYLOAD_SECRET: PLACEHOLDER_SECRET })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('PAYLOAD_SECRET is not set (or still the placeholder')
  })

  it('refuses to start with a short secret', () => {
    const result = startBareInstallation({ PAYLOAD_SECRET: 'tooshort' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('PAYLOAD_SECRET must be at least 32 characters')
  })

  it('explains what to do when there is neither MONGODB_URI nor Java', () => {
    const result = startBareInstallation({ PAYLOAD_SECRET: 'x'.repeat(40), MONGODB_URI: '', PATH: '' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('Folio cannot start: Folio needs a database: set MONGODB_URI')
    expect(result.stderr).toContain('or install Java 17+')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

function startBareInstallationAsync(env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  const root = makeBareInstallation()
  return new Promise((resolve) => {
    let stderr = ''
    const child = spawn(process.execPath, [path.join(root, SERVER_ENTRY)], {
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:1/unused', ...env },
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('close', (status) => {
      clearTimeout(timer)
      fs.rmSync(root, { recursive: true, force: true })
      resolve({ status, stderr })
    })
  })
}

async function isRefused(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  )
}

describe('graceful shutdown', () => {
  let server: BuiltServer | undefined

  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL')
    server?.environment.cleanUp()
  })

  it('on SIGTERM stops accepting, finishes the request in flight, and exits 0', async () => {
    server = await startBuiltServer('shutdown', { FOLIO_ADMIN: 'false' })
    const first = await server.api('/api/users/first-register', {
      method: 'POST',
      json: { email: 'owner@folio.test', password: 'a-long-password-1', name: 'Owner' },
    })
    const token = first.body.token as string

    const image = await generateImage(['#222222', '#dddddd'], 3, 1200, 800)
    const boundary = 'folio-boundary'
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"alt":"Uploaded during shutdown"}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.png"\r\nContent-Type: image/png\r\n\r\n`,
    )
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
    const body = Buffer.concat([head, image, tail])
    const half = Math.floor(body.length / 2)

    const { port } = new URL(server.url)
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/media',
      headers: {
        Authorization: `JWT ${token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': body.length,
      },
    })
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.on('response', (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      })
      request.on('error', reject)
    })
    request.write(body.subarray(0, half))
    await new Promise((resolve) => setTimeout(resolve, 300))

    server.child.kill('SIGTERM')
    const healthz = `${server.url}/healthz`
    await expect.poll(() => isRefused(healthz), { timeout: 10_000, interval: 100 }).toBe(true)
    expect(server.child.exitCode).toBeNull()

    request.end(body.subarray(half))
    const finished = await response
    expect(finished.status).toBe(201)
    expect(JSON.parse(finished.body).doc.alt).toBe('Uploaded during shutdown')

    expect(await server.exit).toBe(0)
    expect(server.output()).toContain('shutting down')
  })

  it('shuts the app down when its launcher is killed, instead of leaving it running unsupervised', async () => {
    const orphaned = await startBuiltServer('orphan', { FOLIO_ADMIN: 'false' })
    try {
      // SIGKILL to dist/server.js alone: the app process it started is not signalled.
      orphaned.child.kill('SIGKILL')
      await orphaned.exit
      await expect.poll(() => isRefused(`${orphaned.url}/healthz`), { timeout: 20_000, interval: 200 }).toBe(true)
    } finally {
      await orphaned.kill()
      orphaned.environment.cleanUp()
    }
  })
})
