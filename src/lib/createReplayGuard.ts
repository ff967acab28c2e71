export type ReplayGuard = {
  /** Records `id` as used until `expiresAt`; false when it already is. */
  claim: (id: string, expiresAt: number, now: number) => boolean
  /** Forgets a claim, so the id may be used again. */
  release: (id: string) => void
}

/**
 * Remembers one-time ids (tokens) until they expire, in this process's memory: with several
 * instances of Folio, an id could be used once on each.
 */
export function createReplayGuard({ sweepEveryMs = 60 * 60 * 1000 }: { sweepEveryMs?: number } = {}): ReplayGuard {
  const used = new Map<string, number>()
  let lastSweep = 0

  return {
    claim: (id, expiresAt, now) => {
      if (now - lastSweep >= sweepEveryMs) {
        lastSweep = now
        for (const [key, until] of used) if (until <= now) used.delete(key)
      }
      const until = used.get(id)
      if (until !== undefined && until > now) return false
      used.set(id, expiresAt)
      return true
    },
    release: (id) => {
      used.delete(id)
    },
  }
}
