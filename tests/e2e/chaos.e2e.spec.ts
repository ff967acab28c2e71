import { describe, expect, it } from 'vitest'

import { runChaos } from '../../scripts/chaos/runChaos'

/**
 * The bounded chaos run of `npm test` (`npm run chaos` runs 20 cycles): writers against the
 * compiled server on its own local database file, SIGKILL of the whole process group, restart.
 */
describe('SIGKILL under write load', () => {
  it('loses no acknowledged write, index entry, audit entry or event, and leaves no process behind, over 3 cycles', async () => {
    const { cycles, failures } = await runChaos({ cycles: 3, writers: 4, minKillMs: 1500, maxKillMs: 4000, log: () => undefined })
    expect(failures).toEqual([])
    expect(cycles).toHaveLength(3)
    for (const cycle of cycles) {
      // Each cycle did write something before its kill, and the checks saw it.
      expect(cycle.acknowledgedWrites).toBeGreaterThan(0)
      expect(cycle.writesFound).toBe(cycle.acknowledgedWrites)
      expect(cycle.eventsDelivered).toBe(cycle.eventsAcknowledged)
      expect(cycle.processesLeft).toBe(0)
    }
  }, 300_000)
})
