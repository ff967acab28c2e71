import { _internal_jobSystemGlobals, _internal_resetJobSystemGlobals } from 'payload'

let offsetMs = 0

/**
 * Moves Folio's clock (Payload's job-system clock, which the webhook scheduler also reads)
 * forward, so retries due in hours run now. Only for a server running in this test process.
 */
export function advanceClock(ms: number): void {
  offsetMs += ms
  _internal_jobSystemGlobals.getCurrentDate = () => new Date(Date.now() + offsetMs)
}

/** Moves the clock to just past `instant` (an ISO date in Folio's time). */
export function advanceClockPast(instant: string): void {
  advanceClock(Math.max(0, Date.parse(instant) - Date.now() - offsetMs) + 1000)
}

export function resetClock(): void {
  offsetMs = 0
  _internal_resetJobSystemGlobals()
}
