import { spawn, type ChildProcess } from 'node:child_process'

import { findFreePort } from '@/lib/findFreePort'
import { waitForPort } from '@/lib/waitForPort'

export type RedisServer = { url: string; port: number; stop: () => Promise<void>; restart: () => Promise<void> }

/** A real redis-server (Debian's package) on a free port, keeping nothing on disk. */
export async function startRedis(): Promise<RedisServer> {
  const port = await findFreePort()
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    await waitForPort(port, '127.0.0.1', 10_000)
  }
  const stop = async () => {
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child!.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, port, stop, restart: async () => (await stop(), await start()) }
}
