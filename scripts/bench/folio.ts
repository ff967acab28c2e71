import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'

import { findFreePort } from '@/lib/findFreePort'
import { jsonAt } from '../lib/jsonAt'
import { readProcessTree, totalRss, type ProcessInfo } from './processes'

const SERVER_ENTRY = 'dist/server.js'
const READY_TIMEOUT_MS = 90_000
/** How often /readyz is asked while a server starts: the start times measured are this precise. */
const READY_POLL_MS = 50
const STOP_TIMEOUT_MS = 15_000
const OUTPUT_TAIL_CHARS = 8000

export type FolioServer = {
  url: string
  pid: number
  /** The last lines the server printed, for error messages. */
  output: () => string
  /** Resident memory of the server's processes (launcher and app) in bytes, from /proc. */
  rssBytes: () => number | undefined
  /** The launcher and the app process, each with its memory. */
  processes: () => ProcessInfo[]
  stop: () => Promise<void>
}

export type ApiResponse = { status: number; body: unknown }
/** Sends `json` as a JSON body, or a FormData as multipart (uploads). */
export type Api = (method: string, path: string, json?: unknown) => Promise<ApiResponse>

/** Compiles dist/server.js (esbuild, a few seconds) when it is not there yet. */
export function ensureServerBuild(log: (message: string) => void): void {
  if (fs.existsSync(SERVER_ENTRY)) return
  log(`${SERVER_ENTRY} is missing; running npm run build:server`)
  const result = spawnSync('npm', ['run', 'build:server'], { stdio: ['ignore', process.stderr, process.stderr] })
  if (result.status !== 0) throw new Error(`npm run build:server exited with ${result.status}`)
}

/** SIGTERM, then SIGKILL after STOP_TIMEOUT_MS; resolves once the process exited. */
export function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return exited
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  child.kill('SIGTERM')
  return exited.finally(() => clearTimeout(killer))
}

async function waitForReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then((response) => response.status === 200, () => false)
    if (ready) return
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`)
    if (Date.now() > deadline) throw new Error(`the server was not ready within ${READY_TIMEOUT_MS} ms:\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS))
  }
}

export type FolioOptions = {
  /** MONGODB_URI; without it the server starts its own local database (LOCAL_DB_DIR in `env`), as npm start does. */
  databaseUri?: string
  mediaDir: string
  /** PAYLOAD_SECRET; a random one when absent. Servers sharing a database should share it. */
  secret?: string
  /** More environment variables, e.g. { FOLIO_CACHE: 'false' }. */
  env?: Record<string, string>
  /** Options for node itself, e.g. ['--cpu-prof', '--cpu-prof-dir=…'] to profile the server. */
  nodeArgs?: string[]
  /** Arguments for the server, e.g. ['--seed-demo']. */
  args?: string[]
}

/** Runs the compiled production server, API only unless `env` says FOLIO_ADMIN, against `databaseUri`. */
export async function startFolio(options: FolioOptions): Promise<FolioServer> {
  const port = await findFreePort()
  const url = `http://127.0.0.1:${port}`
  // Only the database named here: not one this shell's environment happens to name.
  const inherited = { ...process.env }
  delete inherited.MONGODB_URI
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--conditions=production', SERVER_ENTRY, ...(options.args ?? [])], {
    env: {
      ...inherited,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SERVER_URL: url,
      ...(options.databaseUri ? { MONGODB_URI: options.databaseUri } : {}),
      PAYLOAD_SECRET: options.secret ?? randomBytes(32).toString('hex'),
      MEDIA_DIR: options.mediaDir,
      FOLIO_ADMIN: 'false',
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      // A benchmark is one client at full speed: rate limits would measure themselves.
      RATE_LIMITS: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = () => stopChild(child, exited)
  if (child.pid === undefined) throw new Error(`could not start node ${SERVER_ENTRY}`)
  const pid = child.pid

  try {
    await waitForReady(url, child, () => output)
  } catch (error) {
    await stop()
    throw error
  }
  const processes = () => readProcessTree(pid)
  return { url, pid, output: () => output, rssBytes: () => totalRss(processes()), processes, stop }
}

export function createApi(baseUrl: string, token?: string): Api {
  return async (method, path, json) => {
    const headers: Record<string, string> = {}
    if (token) headers.Authorization = `JWT ${token}`
    const isForm = json instanceof FormData
    if (json !== undefined && !isForm) headers['Content-Type'] = 'application/json'
    const body = json === undefined ? undefined : isForm ? json : JSON.stringify(json)
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body })
    const text = await response.text()
    const isJson = response.headers.get('content-type')?.includes('json') && text !== ''
    return { status: response.status, body: isJson ? JSON.parse(text) : text }
  }
}

export function expectStatus(response: ApiResponse, status: number, what: string): void {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`)
}

/** Registers the first user (who becomes the admin) and returns their token. */
export async function signInFirstAdminToken(baseUrl: string): Promise<string> {
  const anonymous = createApi(baseUrl)
  const email = `bench-${randomBytes(4).toString('hex')}@folio.test`
  const password = `pw-${randomBytes(12).toString('hex')}`
  expectStatus(await anonymous('POST', '/api/users/first-register', { email, password, name: 'Benchmark' }), 200, 'first-register')
  const login = await anonymous('POST', '/api/users/login', { email, password })
  expectStatus(login, 200, 'login')
  return String(jsonAt(login.body, 'token'))
}

/** Registers the first user (who becomes the admin) and returns an API client signed in as them. */
export async function signInFirstAdmin(baseUrl: string): Promise<Api> {
  return createApi(baseUrl, await signInFirstAdminToken(baseUrl))
}
