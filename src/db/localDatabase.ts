import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { findFreePort } from '../lib/findFreePort'
import { waitForPort } from '../lib/waitForPort'
import { FolioStartupError } from '../errors/FolioStartupError'

const FERRETDB_VERSION = 'v1.24.2'
const START_TIMEOUT_MS = 30_000

// Relative to the project folder, resolved when used (main changes into that folder first).
const sourceDir = () => path.resolve('src/db/ferretdb')
const binaryPath = () => path.resolve('.tools/bin/folio-ferretdb')

type Log = (message: string) => void

export type LocalDatabase = {
  uri: string
  port: number
  dataDir: string
  stop: () => Promise<void>
}

function newestMtime(dir: string): number {
  return Math.max(...fs.readdirSync(dir).map((name) => fs.statSync(path.join(dir, name)).mtimeMs))
}

function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0
}

/** Builds Folio's FerretDB launcher with Go, once, or again when its source changed. */
function ensureFerretdbBinary(log: Log = console.log): string {
  const binary = binaryPath()
  const source = sourceDir()
  const hasSource = fs.existsSync(source)
  if (fs.existsSync(binary) && (!hasSource || fs.statSync(binary).mtimeMs >= newestMtime(source))) return binary
  if (!hasGo() || !hasSource) {
    throw new FolioStartupError(
      'Folio needs a database. Set MONGODB_URI to a MongoDB 6+ (or Atlas) connection string, ' +
        'or install Go 1.24+ so Folio can build its local FerretDB server.',
    )
  }
  log(`Building the local database server (FerretDB ${FERRETDB_VERSION}) with Go; first time only, a few minutes…`)
  const started = Date.now()
  const result = spawnSync('go', ['build', '-o', binary, '.'], {
    cwd: source,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
  })
  if (result.status !== 0) {
    throw new FolioStartupError(`Building FerretDB failed (go build exited with ${result.status}); see the output above.`)
  }
  log(`Built the local database server in ${Math.round((Date.now() - started) / 1000)} s.`)
  return binary
}

async function launch(binary: string, port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(binary, ['-port', String(port), '-data-dir', dataDir, '-exit-with-parent'], {
    stdio: ['pipe', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const abort = new AbortController()
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`FerretDB could not be started: ${error.message}`)))
    child.once('exit', (code) => reject(new Error(`FerretDB exited with code ${code}: ${stderr.trim()}`)))
  })
  try {
    await Promise.race([waitForPort(port, '127.0.0.1', START_TIMEOUT_MS, abort.signal), failed])
  } catch (error) {
    await stopProcess(child)
    throw error
  } finally {
    abort.abort()
    failed.catch(() => undefined)
  }
  child.removeAllListeners('exit')
  return child
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * Starts FerretDB on SQLite storage in `dataDir`, on 127.0.0.1 and a free port (or `port`).
 * It stops with `stop()`, and by itself when this process dies.
 */
export async function startLocalDatabase(options: {
  dataDir: string
  database?: string
  port?: number
  log?: Log
}): Promise<LocalDatabase> {
  const { dataDir, database = 'folio', log = console.log } = options
  const binary = ensureFerretdbBinary(log)
  fs.mkdirSync(dataDir, { recursive: true })

  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await findFreePort())
    try {
      const child = await launch(binary, port, dataDir)
      return {
        uri: `mongodb://127.0.0.1:${port}/${database}`,
        port,
        dataDir,
        stop: () => stopProcess(child),
      }
    } catch (error) {
      lastError = error
      if (options.port) break
    }
  }
  throw new FolioStartupError(`The local database did not start: ${(lastError as Error).message}`)
}

