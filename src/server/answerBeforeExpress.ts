import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

/**
 * A request listener that lets `attempt` answer first (it returns or resolves true when it did) and
 * hands the request on to `rest` otherwise; an attempt that fails hands it on too, unless it
 * already began answering. An attempt that sees at once that the request is not its own returns
 * false, not a promise, and the request goes on without waiting for a turn of the event loop.
 */
export function answerBeforeExpress(attempt: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>, rest: RequestListener): RequestListener {
  return (req, res) => {
    let outcome: boolean | Promise<boolean>
    try {
      outcome = attempt(req, res)
    } catch {
      if (!res.headersSent) rest(req, res)
      return
    }
    if (outcome === false) {
      rest(req, res)
      return
    }
    if (outcome === true) return
    outcome.then(
      (answered) => {
        if (!answered) rest(req, res)
      },
      () => {
        if (!res.headersSent) rest(req, res)
      },
    )
  }
}
