import net from 'node:net'

/** Resolves once something accepts TCP connections on host:port; rejects after `timeoutMs` or on abort. */
export async function waitForPort(port: number, host: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !signal?.aborted) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(signal?.aborted ? 'stopped waiting' : `nothing listened on ${host}:${port} within ${timeoutMs} ms`)
}
