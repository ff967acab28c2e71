import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'

import { FolioStartupError } from '../errors/FolioStartupError'

// Reopening an H2 file of 10,000 posts (25 MB) takes 0.5–1 s with the JVM start; a cold disk or a larger
// file takes longer.
const START_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 5_000
const DATA_FILE = 'folio.mv.db'

// Relative to the project folder, resolved when used (main changes into that folder first).
const sourceDir = () => path.resolve('src/db/mongo-java-server')
const toolsDir = () => path.resolve('.tools/mongo-java-server')

type Log = (message: string) => void

export type LocalDatabase = {
  uri: string
  port: number
  dataDir: string
  /** The Java process, for diagnostics (RSS) and for tests that kill it. */
  pid: number
  stop: () => Promise<void>
}

/** The answer to `db.command({ folioStatus: 1 })` on the local database; `/readyz` fails when `nearLimit`. */
export type LocalDatabaseStatus = {
  ok: number
  heapUsedMb: number
  heapMaxMb: number
  nearLimit: boolean
  failed: boolean
  message?: string
  backend: 'h2' | 'memory'
  file?: string
  fileSizeMb?: number
  /** Percent of the H2 file's chunks that is live data; housekeeping rewrites below 80. */
  fillRate?: number
  /** H2 page cache (a quarter of the heap), as MVStore estimates it; cached documents take ~2x that. */
  cacheMb?: number
  cacheUsedMb?: number
  commits?: number
}

/** Every file the launcher is built from, in a stable order: pom.xml and the Java sources. */
function launcherSources(root: string): string[] {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.java')) files.push(full)
    }
  }
  walk(path.join(root, 'src'))
  return [path.join(root, 'pom.xml'), ...files.sort()]
}

/** Names the build inputs: a change to pom.xml or any Java source gives a new build folder. */
function sourceHash(root: string): string {
  const hash = createHash('sha256')
  for (const file of launcherSources(root)) {
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

function hasCommand(command: string, versionFlag: string): boolean {
  return spawnSync(command, [versionFlag], { stdio: 'ignore' }).status === 0
}

/** Runs a build step; on failure throws with the tail of its output (mvn -q prints only errors). */
function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n')
    throw new FolioStartupError(`Building the local database failed (${command} exited with ${result.status}):\n${output}`)
  }
}

/**
 * Builds Folio's launcher for mongo-java-server once per version of its sources: Maven copies the jars
 * from Maven Central into lib/, javac compiles the launcher into classes/. Returns the classpath.
 */
function ensureLauncher(log: Log): string {
  if (!hasCommand('java', '-version')) {
    throw new FolioStartupError(
      'Folio needs a database: set MONGODB_URI to a MongoDB 6+ (or Atlas) connection string, or install Java 17+ (with javac and Maven) for the local database.',
    )
  }
  const source = sourceDir()
  const dir = path.join(toolsDir(), sourceHash(source))
  const classpath = [path.join(dir, 'classes'), path.join(dir, 'lib', '*')].join(path.delimiter)
  if (fs.existsSync(path.join(dir, 'classes', 'folio', 'db', 'LocalMongo.class'))) return classpath

  const missing = [['javac', '-version'], ['mvn', '-v']].filter(([command, flag]) => !hasCommand(command, flag))
  if (missing.length > 0) {
    throw new FolioStartupError(
      `Folio's local database is built with a JDK and Maven, and ${missing.map(([c]) => c).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: install a JDK 17+ and Maven, or set MONGODB_URI to a MongoDB 6+ (or Atlas) connection string.`,
    )
  }
  log('Building the local database (mongo-java-server, jars from Maven Central); first time only, about a minute…')
  const started = Date.now()
  // Built beside its final place and renamed into it, so a concurrent start never sees half a build.
  const staging = `${dir}.${process.pid}.tmp`
  fs.rmSync(staging, { recursive: true, force: true })
  fs.mkdirSync(staging, { recursive: true })
  try {
    run('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(staging, 'lib')}`], source)
    const javaSources = launcherSources(source).filter((file) => file.endsWith('.java'))
    run('javac', ['-nowarn', '-d', path.join(staging, 'classes'), '-cp', path.join(staging, 'lib', '*'), ...javaSources], source)
    try {
      fs.renameSync(staging, dir)
    } catch (error) {
      // Another process finished the same build first: use that one.
      if (!fs.existsSync(path.join(dir, 'classes', 'folio', 'db', 'LocalMongo.class'))) throw error
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
  log(`Built the local database in ${Math.round((Date.now() - started) / 1000)} s.`)
  return classpath
}

/**
 * The heap to give the database when no `heapMb` is set. A quarter of it is H2's page cache, and a
 * query without a usable index reads every document of its collection: fast only while they all fit
 * the cache, which takes about 30 MB of heap per MB of (compressed) data file. So: at least 1 GB,
 * 30x the data file, at most a quarter of the RAM. Past that the cache holds part of the data and
 * such queries get slower, but memory stays bounded. The memory backend keeps all data in the heap.
 */
export function defaultHeapMb(dataFile: string | undefined): number {
  const fileMb = dataFile && fs.existsSync(dataFile) ? fs.statSync(dataFile).size / (1024 * 1024) : 0
  const ceiling = Math.max(1024, Math.floor(os.totalmem() / (4 * 1024 * 1024)))
  return Math.min(ceiling, Math.max(1024, Math.ceil(30 * fileMb)))
}

/** Starts the launcher and resolves once it printed `READY port=N`; rejects with its stderr if it exits. */
function launch(classpath: string, args: string[], heapMb: number, log: Log): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    'java',
    // The serial collector: ~25% less RSS than G1 here, and pauses of a 1 GB heap do not matter locally.
    [`-Xmx${heapMb}m`, '-XX:+UseSerialGC', '-Xss512k', '-cp', classpath, 'folio.db.LocalMongo', ...args],
    // stdin stays open and unused: the launcher exits when it closes, i.e. when this process is gone.
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  let stderr = ''
  let ready = false
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    if (ready) log(line)
    else stderr = `${stderr}${line}\n`.slice(-4000)
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no READY line within ${START_TIMEOUT_MS / 1000} s`))
    }, START_TIMEOUT_MS)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`java could not be started: ${error.message}`))
    })
    // 'close' comes after the last line of stderr was read, so a failure carries the launcher's reason.
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (!ready) reject(new Error(`it exited with ${signal ?? `code ${code}`}: ${stderr.trim()}`))
      // Exit code 143 is the JVM's answer to stop()'s SIGTERM; any other end is worth a line.
      else if (code !== 143) log(`The local database stopped (${signal ?? `exit code ${code}`}).`)
    })
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^READY port=(\d+)/.exec(line)
      if (!match || ready) return
      ready = true
      clearTimeout(timer)
      resolve({ child, port: Number(match[1]) })
    })
  })
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * Starts Folio's local database (mongo-java-server) on 127.0.0.1 and a free port (or `port`): durable,
 * in the H2 file `dataDir/folio.mv.db`, or in memory with `memory: true` (tests). Every acknowledged
 * write is on disk. It stops with `stop()`, and by itself when this process dies.
 */
export async function startLocalDatabase(options: {
  dataDir: string
  database?: string
  port?: number
  log?: Log
  /** In-memory backend: nothing is written to `dataDir`, everything is gone on stop. */
  memory?: boolean
  /** Java heap in MB; by default sized from the data file (see defaultHeapMb). */
  heapMb?: number
}): Promise<LocalDatabase> {
  const { dataDir, database = 'folio', log = console.log, memory = false } = options
  const classpath = ensureLauncher(log)
  const dataFile = memory ? undefined : path.join(dataDir, DATA_FILE)
  if (dataFile) fs.mkdirSync(dataDir, { recursive: true })
  const heapMb = options.heapMb ?? defaultHeapMb(dataFile)
  const args = ['--host', '127.0.0.1', '--port', String(options.port ?? 0), '--exit-with-parent']
  args.push(...(dataFile ? ['--data', dataFile] : ['--memory']))

  try {
    const { child, port } = await launch(classpath, args, heapMb, log)
    return {
      uri: `mongodb://127.0.0.1:${port}/${database}`,
      port,
      dataDir,
      pid: child.pid!,
      stop: () => stopProcess(child),
    }
  } catch (error) {
    throw new FolioStartupError(`The local database did not start: ${(error as Error).message}`)
  }
}

/**
 * The database a Folio process uses: MONGODB_URI when set, otherwise the local database, started
 * here from the settings and named in MONGODB_URI for the config to read. The caller stops
 * `local` when it is done.
 */
export async function connectConfiguredDatabase(
  settings: { localDatabaseDir: string; localDatabaseHeapMb?: number },
  log?: Log,
): Promise<{ uri: string; local?: LocalDatabase }> {
  const configured = process.env.MONGODB_URI
  if (configured) return { uri: configured }
  const local = await startLocalDatabase({ dataDir: settings.localDatabaseDir, heapMb: settings.localDatabaseHeapMb, log })
  process.env.MONGODB_URI = local.uri
  return { uri: local.uri, local }
}
