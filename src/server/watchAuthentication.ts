import type { Payload } from 'payload'

/** Told of every user Payload's auth strategies find for a request, and by which strategy. */
export type AuthenticationListener = (event: { strategy: string; headers: Headers }) => void

const LISTENERS = Symbol.for('folio.authenticationListeners')

type Watched = Payload & { [LISTENERS]?: AuthenticationListener[] }

/**
 * Lets Folio read Payload's own answer to "who is asking": every auth strategy Payload runs for a
 * request (JWT from header or cookie, API keys, custom strategies) is wrapped once, and each user
 * it finds is announced to the listeners, synchronously, inside the request being answered.
 */
export function watchAuthentication(payload: Payload, listener: AuthenticationListener): void {
  const watched = payload as Watched
  if (!watched[LISTENERS]) {
    const listeners: AuthenticationListener[] = []
    watched[LISTENERS] = listeners
    payload.authStrategies = payload.authStrategies.map((strategy) => ({
      ...strategy,
      authenticate: async (args) => {
        const result = await strategy.authenticate(args)
        if (result.user) for (const notify of listeners) notify({ strategy: strategy.name, headers: args.headers })
        return result
      },
    }))
  }
  watched[LISTENERS].push(listener)
}
