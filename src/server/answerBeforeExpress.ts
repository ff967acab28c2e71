import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

/**
 * A request listener that lets `attempt` answer first (it resolves true when it did) and hands
 * the request on to `rest` otherwise; an attempt that fails hands it on too, unless it already
 * began answering.
 */
export function answerBeforeExpress(attempt: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>, rest: RequestListener): RequestListener {
  return (req, res) => {
    attempt(req, res).then(
      (answered) => {
        if (!answered) rest(req, res)
      },
      () => {
        if (!res.headersSent) rest(req, res)
      },
    )
  }
}
