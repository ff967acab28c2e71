import type { RequestHandler } from 'express'

import { ErrorCode } from '../errors/errorCodes'
import { sendError } from './sendError'

/**
 * A request whose body stops arriving (announced and never sent, a chunked body without its last
 * chunk, `Expect: 100-continue` and then silence) is answered 408 after `bodyTimeoutMs` without a
 * byte, and its connection closed, instead of holding a connection until the idle timeout drops
 * it without a word. An upload that keeps sending, however slowly, is not affected; once the body
 * is in, the connection's ordinary idle timeout applies again while the answer is computed.
 */
export function cutOffSilentBodies({ bodyTimeoutMs, idleTimeoutMs }: { bodyTimeoutMs: number; idleTimeoutMs: number }): RequestHandler {
  return (req, res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
    if (!hasBody || req.complete) return next()
    const restoreIdleTimeout = () => req.socket.setTimeout(idleTimeoutMs)
    req.socket.setTimeout(bodyTimeoutMs)
    // Node destroys a timed-out socket unless the request (while incomplete) or the response
    // listens: the response's listener sees both cases.
    res.on('timeout', () => {
      if (req.complete) {
        restoreIdleTimeout()
        return
      }
      if (res.headersSent) {
        req.socket.destroy()
        return
      }
      res.set('Connection', 'close')
      res.once('finish', () => req.socket.destroy())
      sendError(res, 408, `The request body stopped arriving: nothing came for ${Math.round(bodyTimeoutMs / 1000)} s`, { code: ErrorCode.RequestTimeout })
    })
    res.once('finish', restoreIdleTimeout)
    next()
  }
}
