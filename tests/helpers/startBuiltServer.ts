import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'

import { findFreePort } from '@/lib/findFreePort'
import { createApiClient, type ApiClient } from './apiClient'
import { createTestEnvironment, type TestEnvironment } from './testEnvironment'

export const SERVER_ENTRY = 'dist/server.js'

export type BuiltServer = {
  url: string
  api: ApiClient
  child: ChildProcess
  environment: TestEnvironment
  output: () => string
  exit: Promise<number | null>
  stop: () => Promise<number | null>
  /** Ends the server's processes at once (SIGKILL to its process group), as a crash would. */
  kill: () => Promise<void>
}

type Options = {
  /** Run against an existing environment (its database) instead of a new one, e.g. to restart. */
  environment?: TestEnvironment
  /** Command-line arguments for the server (`--seed-demo` writes the demo content first). */
  args?: string[]
}

/**
 * Runs the compiled server (`node dist/server.js`) as production does, in its own process,
 * against this file's own database. `npm test` builds it first.
 */
export async function startBuiltServer(label: string, env: Record<string, string> = {}, options: Options = {}): Promise<BuiltServer> {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` (npm test does)`)
  const environment = options.environment ?? createTestEnvironment(label)
  const port = await findFreePort()
  let output = ''
  const child = spawn(process.execPath, [SERVER_ENTRY, ...(options.args ?? [])], {
    env: {
      ...process.env,
      ...environment.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SERVER_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that kill() ends the launcher and the app together.
    detached: true,
  })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false)
    if (ready) break
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not become ready:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }

  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    const code = await exit
    environment.cleanUp()
    return code
  }
  const kill = async () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL')
    } catch (error) {
      // The group is already gone.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
    }
    await exit
  }
  return { url, api: createApiClient(url), child, environment, output: () => output, exit, stop, kill }
}
