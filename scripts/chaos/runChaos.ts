import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { findFreePort } from '@/lib/findFreePort'
import { jsonAt } from '../lib/jsonAt'

/**
 * The chaos run: Folio as `npm start` runs it (the compiled server starting its own local database
 * on a file), writers creating, updating and publishing posts with a webhook endpoint subscribed,
 * and SIGKILL of the whole process group at a random moment, then a restart; `cycles` times. After
 * each restart it checks that every acknowledged write is stored, that the search index and the
 * audit log agree with the stored posts, that every event of an acknowledged write reached the
 * receiver under one webhook-id, and that no process outlived the kill.
 */

export type ChaosOptions = {
  cycles: number
  writers: number
  /** A kill comes this long after the writers started, at random between the two. */
  minKillMs: number
  maxKillMs: number
  log: (message: string) => void
}

export type CycleReport = {
  cycle: number
  killedAfterMs: number
  acknowledgedWrites: number
  writesFound: number
  publishedPosts: number
  searchMismatches: number
  auditMissing: number
  eventsAcknowledged: number
  eventsDelivered: number
  eventsWithSeveralIds: number
  restartMs: number
  processesLeft: number
}

export type ChaosResult = { cycles: CycleReport[]; failures: string[] }

const SERVER_ENTRY = path.resolve('dist/server.js')
const READY_TIMEOUT_MS = 120_000
const DELIVERY_TIMEOUT_MS = 90_000

type Post = {
  titles: { title: string; acknowledged: boolean }[]
  published: boolean
  /** Events its acknowledged writes must have caused, by kind. */
  expectedEvents: Record<string, number>
}

type Delivery = { webhookId: string; type: string; id: string; timestamp: string }

function startReceiver() {
  const deliveries = new Map<string, Delivery>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const webhookId = String(req.headers['webhook-id'] ?? '')
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: string; timestamp?: string; data?: { id?: unknown } }
        if (webhookId) deliveries.set(webhookId, { webhookId, type: String(body.type), id: String(body.data?.id), timestamp: String(body.timestamp) })
      } catch {
        // not a Folio event: ignored
      }
      res.writeHead(200).end('ok')
    })
  })
  return new Promise<{ url: string; deliveries: Map<string, Delivery>; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        deliveries,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  )
}

/** The processes of a process group still alive (Linux /proc). */
function processesInGroup(pgid: number): number[] {
  const alive: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // fields[0] is the state (Z: a zombie, already dead), fields[2] the process group.
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') alive.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return alive
}

type Server = { url: string; child: ChildProcess; output: () => string }

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await findFreePort()
  const url = `http://127.0.0.1:${port}`
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', SERVER_URL: url }
  delete childEnv.MONGODB_URI
  // Its own process group, so the kill takes the launcher, the app and the database together.
  const child = spawn(process.execPath, [SERVER_ENTRY], { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-6000))
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then((response) => response.status === 200, () => false)
    if (ready) return { url, child, output: () => output }
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`)
    if (Date.now() > deadline) throw new Error(`the server was not ready within ${READY_TIMEOUT_MS} ms:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function api(url: string, token: string | undefined, method: string, pathname: string, json?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `JWT ${token}`
  const response = await fetch(`${url}${pathname}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) })
  const text = await response.text()
  const body: unknown = text ? JSON.parse(text) : undefined
  return { status: response.status, body }
}

async function signIn(url: string, credentials: { email: string; password: string }): Promise<string> {
  const login = await api(url, undefined, 'POST', '/api/users/login', credentials)
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${JSON.stringify(login.body)}`)
  return String(jsonAt(login.body, 'token'))
}

const EVENTS = {
  create: ['created'],
  update: ['updated'],
  publish: ['updated', 'published'],
}

/** One writer: post after post, each created, retitled, published and retitled again, until stopped. */
async function write(url: string, token: string, writer: number, posts: Map<string, Post>, isStopped: () => boolean) {
  for (let n = 0; !isStopped(); n++) {
    const base = `Chaos w${writer} n${n} ${randomBytes(2).toString('hex')}`
    let id: string | undefined
    const steps: { kind: keyof typeof EVENTS; data: Record<string, unknown> }[] = [
      { kind: 'create', data: { title: `${base} v0` } },
      { kind: 'update', data: { title: `${base} v1` } },
      { kind: 'publish', data: { _status: 'published' } },
      { kind: 'publish', data: { title: `${base} v2`, _status: 'published' } },
    ]
    for (const step of steps) {
      if (isStopped()) return
      const post = id ? posts.get(id)! : undefined
      const title = step.data.title as string | undefined
      const sent = title && post ? post.titles.push({ title, acknowledged: false }) - 1 : -1
      let answer
      try {
        answer = id ? await api(url, token, 'PATCH', `/api/posts/${id}?depth=0`, step.data) : await api(url, token, 'POST', '/api/posts?depth=0', step.data)
      } catch {
        return // the kill
      }
      if (answer.status !== 200 && answer.status !== 201) return
      if (!id) {
        id = String(jsonAt(answer.body, 'doc', 'id'))
        posts.set(id, { titles: [{ title: title!, acknowledged: true }], published: false, expectedEvents: {} })
      } else if (sent >= 0) posts.get(id)!.titles[sent].acknowledged = true
      const acknowledged = posts.get(id)!
      if (step.kind === 'publish') acknowledged.published = true
      for (const kind of EVENTS[step.kind]) acknowledged.expectedEvents[kind] = (acknowledged.expectedEvents[kind] ?? 0) + 1
    }
  }
}

type Stored = { id: string; title: string; _status: string; updatedAt: string }

async function readAll<T>(url: string, token: string, pathname: string): Promise<T[]> {
  const answer = await api(url, token, 'GET', pathname)
  if (answer.status !== 200) throw new Error(`${pathname}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return jsonAt(answer.body, 'docs') as T[]
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const { cycles, writers, minKillMs, maxKillMs, log } = options
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error('dist/server.js is missing: run npm run build:server')
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-chaos-'))
  const receiver = await startReceiver()
  const env = {
    NODE_ENV: 'production',
    PAYLOAD_SECRET: randomBytes(32).toString('hex'),
    LOCAL_DB_DIR: path.join(root, 'db'),
    MEDIA_DIR: path.join(root, 'media'),
    FOLIO_ADMIN: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMITS: 'false',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_TIMEOUT_MS: '2000',
  }
  const credentials = { email: 'chaos@folio.test', password: `pw-${randomBytes(8).toString('hex')}` }
  const posts = new Map<string, Post>()
  const reports: CycleReport[] = []
  const failures: string[] = []
  let server: Server | undefined
  try {
    server = await startServer(env)
    expect(await api(server.url, undefined, 'POST', '/api/users/first-register', { ...credentials, name: 'Chaos' }), 200, 'first-register')
    let token = await signIn(server.url, credentials)
    expect(
      await api(server.url, token, 'POST', '/api/webhooks', { name: 'Chaos receiver', url: receiver.url, events: ['created', 'updated', 'published'], collections: ['posts'] }),
      201,
      'webhook endpoint',
    )

    for (let cycle = 1; cycle <= cycles; cycle++) {
      let stopped = false
      const running = Array.from({ length: writers }, (_, writer) => write(server!.url, token, writer, posts, () => stopped))
      const killAfter = minKillMs + Math.floor(Math.random() * Math.max(1, maxKillMs - minKillMs))
      await new Promise((resolve) => setTimeout(resolve, killAfter))
      const pgid = server.child.pid!
      process.kill(-pgid, 'SIGKILL')
      stopped = true
      await Promise.all(running)
      // The kernel takes a moment to reap; whatever is still in the group after that outlived the kill.
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const processesLeft = processesInGroup(pgid).length

      const restartStarted = performance.now()
      server = await startServer(env)
      const restartMs = performance.now() - restartStarted
      token = await signIn(server.url, credentials)

      // Acknowledged writes against what is stored.
      const stored = new Map((await readAll<Stored>(server.url, token, '/api/posts?limit=0&depth=0')).map((doc) => [String(doc.id), doc]))
      let acknowledgedWrites = 0
      let writesFound = 0
      for (const [id, post] of posts) {
        const lastAcknowledged = post.titles.map((title) => title.acknowledged).lastIndexOf(true)
        const allowed = new Set(post.titles.slice(lastAcknowledged).map((title) => title.title))
        const writesOfPost = post.titles.filter((title) => title.acknowledged).length + (post.published ? 1 : 0)
        acknowledgedWrites += writesOfPost
        const doc = stored.get(id)
        const intact = doc !== undefined && allowed.has(doc.title) && (!post.published || doc._status === 'published')
        if (intact) writesFound += writesOfPost
        else failures.push(`cycle ${cycle}: post ${id} is ${doc ? `"${doc.title}" (${doc._status})` : 'missing'}; expected one of ${[...allowed].join(' | ')}${post.published ? ', published' : ''}`)
      }

      // The search index against the published posts.
      const published = [...stored.values()].filter((doc) => doc._status === 'published')
      const entries = await readAll<{ title: string; doc: { value: string | { id: string } } }>(server.url, token, '/api/search?limit=0&depth=0')
      const entriesByPost = new Map<string, string[]>()
      for (const entry of entries) {
        const id = typeof entry.doc.value === 'string' ? entry.doc.value : entry.doc.value.id
        entriesByPost.set(id, [...(entriesByPost.get(id) ?? []), entry.title])
      }
      let searchMismatches = 0
      for (const doc of published) if (JSON.stringify(entriesByPost.get(String(doc.id))) !== JSON.stringify([doc.title])) searchMismatches++
      for (const id of entriesByPost.keys()) if (stored.get(id)?._status !== 'published') searchMismatches++
      if (searchMismatches) failures.push(`cycle ${cycle}: ${searchMismatches} posts whose search entries disagree with them`)

      // The audit log: an entry at least as new as every stored post's last change.
      const audit = await readAll<{ documentId: string; updatedAt: string }>(server.url, token, '/api/audit-log?where[sourceCollection][equals]=posts&limit=0&depth=0')
      const newestEntry = new Map<string, string>()
      for (const entry of audit) if ((newestEntry.get(entry.documentId) ?? '') < entry.updatedAt) newestEntry.set(entry.documentId, entry.updatedAt)
      const auditMissing = [...stored.values()].filter((doc) => (newestEntry.get(String(doc.id)) ?? '') < doc.updatedAt).length
      if (auditMissing) failures.push(`cycle ${cycle}: ${auditMissing} stored changes without an audit entry`)

      // Every event of an acknowledged write delivered, each under one webhook-id.
      const eventsAcknowledged = [...posts.values()].reduce((sum, post) => sum + Object.values(post.expectedEvents).reduce((a, b) => a + b, 0), 0)
      const countDelivered = () => {
        const byPost = new Map<string, Record<string, number>>()
        for (const delivery of receiver.deliveries.values()) {
          const kind = delivery.type.split('.').pop()!
          const counts = byPost.get(delivery.id) ?? {}
          counts[kind] = (counts[kind] ?? 0) + 1
          byPost.set(delivery.id, counts)
        }
        let delivered = 0
        for (const [id, post] of posts) {
          for (const [kind, expected] of Object.entries(post.expectedEvents)) delivered += Math.min(expected, byPost.get(id)?.[kind] ?? 0)
        }
        return delivered
      }
      const deliveryDeadline = Date.now() + DELIVERY_TIMEOUT_MS
      while (countDelivered() < eventsAcknowledged && Date.now() < deliveryDeadline) await new Promise((resolve) => setTimeout(resolve, 250))
      const eventsDelivered = countDelivered()
      if (eventsDelivered < eventsAcknowledged) failures.push(`cycle ${cycle}: ${eventsAcknowledged - eventsDelivered} events of acknowledged writes never delivered`)
      const idsPerEvent = new Map<string, Set<string>>()
      for (const delivery of receiver.deliveries.values()) {
        const key = `${delivery.type}|${delivery.id}|${delivery.timestamp}`
        idsPerEvent.set(key, (idsPerEvent.get(key) ?? new Set()).add(delivery.webhookId))
      }
      const eventsWithSeveralIds = [...idsPerEvent.values()].filter((ids) => ids.size > 1).length
      if (eventsWithSeveralIds) failures.push(`cycle ${cycle}: ${eventsWithSeveralIds} events delivered under more than one webhook-id`)
      if (processesLeft) failures.push(`cycle ${cycle}: ${processesLeft} processes outlived the kill`)

      const report: CycleReport = {
        cycle,
        killedAfterMs: killAfter,
        acknowledgedWrites,
        writesFound,
        publishedPosts: published.length,
        searchMismatches,
        auditMissing,
        eventsAcknowledged,
        eventsDelivered,
        eventsWithSeveralIds,
        restartMs: Math.round(restartMs),
        processesLeft,
      }
      reports.push(report)
      log(`cycle ${cycle}: ${writesFound}/${acknowledgedWrites} writes, ${eventsDelivered}/${eventsAcknowledged} events, restart ${report.restartMs} ms`)
    }
  } finally {
    if (server?.child.pid && server.child.exitCode === null) {
      const pgid = server.child.pid
      process.kill(pgid, 'SIGTERM')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          try {
            process.kill(-pgid, 'SIGKILL')
          } catch {
            // already gone
          }
          resolve()
        }, 15_000)
        server!.child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    await receiver.close()
    fs.rmSync(root, { recursive: true, force: true })
  }
  return { cycles: reports, failures }
}

function expect(answer: { status: number; body: unknown }, status: number, what: string): void {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`)
}
