import type { Payload } from 'payload'

import { markAnsweredForUser } from './dependencyScope'

const WATCHED = Symbol.for('folio.cache.watchedAuthStrategy')

type Strategy = Payload['authStrategies'][number] & { [WATCHED]?: true }

/**
 * Lets the response cache read Payload's own answer to "who is asking": every auth strategy
 * Payload runs for a request (JWT from header or cookie, API keys, custom strategies) is wrapped,
 * and one that finds a user marks the request being answered as answered for that user, so its
 * response is never stored nor marked shareable, whatever spelling of credentials got it there.
 */
export function noteAuthenticatedRequests(payload: Payload): void {
  payload.authStrategies = payload.authStrategies.map((strategy: Strategy) => {
    if (strategy[WATCHED]) return strategy
    const watched: Strategy = {
      ...strategy,
      authenticate: async (args) => {
        const result = await strategy.authenticate(args)
        if (result.user) markAnsweredForUser()
        return result
      },
      [WATCHED]: true,
    }
    return watched
  })
}
