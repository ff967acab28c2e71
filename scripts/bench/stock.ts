import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'

import { findFreePort } from '@/lib/findFreePort'
import { stopChild } from './folio'
import { readProcessTree, totalRss, type ProcessInfo } from './processes'

const NEXT_BIN = 'node_modules/next/dist/bin/next'
const READY_TIMEOUT_MS = 120_000
const OUTPUT_TAIL_CHARS = 8000
/** A request stock Payload can only answer once it reached the database. */
const READY_PATH = '/api/posts?limit=1&depth=0'

export type StockServer = {
  url: string
  pid: number
  output: () => string
  rssBytes: () => number | undefined
  processes: () => ProcessInfo[]
  stop: () => Promise<void>
}

export type StockOptions = {
  databaseUri: string
  mediaDir: string
  secret: string
}

/** True when .next/ holds a production build `next start` can serve. */
export const hasNextBuild = () => fs.existsSync('.next/BUILD_ID')

/** Polls READY_PATH until it answers 200: Next is listening and Payload has connected. */
async function waitForReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    const status = await fetch(`${url}${READY_PATH}`).then(
      async (response) => {
        await response.arrayBuffer()
        return response.status
      },
      () => undefined,
    )
    if (status === 200) return
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`)
    if (Date.now() > deadline) throw new Error(`next start did not answer ${READY_PATH} with 200 within ${READY_TIMEOUT_MS} ms (last: ${status}):\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/**
 * Runs stock Payload: `next start` on the project's production build (.next/), whose
 * src/app/(payload)/api routes are Payload's own REST and GraphQL route handlers, with the same
 * payload.config.ts and database as Folio. Next loads .env files too, but never over variables
 * already set, so the ones given here win.
 */
export async function startStock(options: StockOptions): Promise<StockServer> {
  if (!hasNextBuild()) throw new Error('.next/ has no production build: run npm run build:admin')
  const port = await findFreePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      SERVER_URL: url,
      MONGODB_URI: options.databaseUri,
      PAYLOAD_SECRET: options.secret,
      MEDIA_DIR: options.mediaDir,
      LOG_LEVEL: 'warn',
      // A benchmark is one client at full speed: rate limits would measure themselves.
      RATE_LIMITS: 'false',
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
  if (child.pid === undefined) throw new Error(`could not start ${NEXT_BIN}`)
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
