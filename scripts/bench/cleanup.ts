import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export type Cleanup = () => Promise<void> | void

/** Runs the cleanups newest first; every one runs even when an earlier one fails. */
export async function cleanUp(cleanups: Cleanup[], log: (message: string) => void): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await cleanup()
    } catch (error) {
      log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}

/** A new empty folder under the system's temporary folder, removed by the cleanups. */
export function makeTempDir(prefix: string, cleanups: Cleanup[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}
