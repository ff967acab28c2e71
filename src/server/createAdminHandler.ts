import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

import type { RequestHandler } from 'express'
import next from 'next'

type AdminHandler = {
  handler: RequestHandler
  upgradeHandler: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
}

/** Hands the admin panel (and whatever else Next.js serves) to Next's own request handler. */
export async function createAdminHandler({ dev }: { dev: boolean }): Promise<AdminHandler> {
  const app = next({ dev, dir: process.cwd() })
  await app.prepare()
  const handle = app.getRequestHandler()
  return {
    handler: (req, res) => handle(req, res),
    upgradeHandler: (req, socket, head) => void app.getUpgradeHandler()(req, socket, head),
  }
}
