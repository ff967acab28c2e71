let last = 0

/**
 * A number that grows with every event of this process and with time across processes, so the
 * events of one document sort in the order they happened.
 */
export function nextSequence(now: Date): number {
  last = Math.max(last + 1, now.getTime() * 1000)
  return last
}
