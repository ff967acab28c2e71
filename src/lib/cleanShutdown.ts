import type { Payload } from 'payload'

/**
 * Marks this process as running under `key` in Payload's key-value store until `payload.destroy()`
 * (a clean shutdown) clears the mark, and says whether the previous process left its mark behind:
 * it stopped without a clean shutdown (killed, crashed, power lost), so work it had acknowledged may
 * be half done. With several instances on one database the mark is shared: one instance's clean
 * stop clears it for all, so a crash of another is missed (the checks run again at the next crash).
 */
export async function markRunningUntilCleanStop(payload: Payload, key: string, what: string): Promise<boolean> {
  const stoppedUncleanly = await payload.kv.has(key)
  await payload.kv.set(key, { since: new Date().toISOString(), pid: process.pid })
  const destroy = payload.destroy.bind(payload)
  payload.destroy = async () => {
    await payload.kv.delete(key).catch((err: unknown) => payload.logger.warn({ err }, `${what}: could not note the clean shutdown`))
    await destroy()
  }
  return stoppedUncleanly
}
