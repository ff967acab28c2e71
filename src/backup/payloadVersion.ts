import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

import packageJson from '../../package.json'

/** The installed Payload's version; package.json's pin when the package cannot be located. */
export function payloadVersion(): string {
  try {
    // payload's exports do not include its package.json: walk up from its entry point instead.
    let dir = path.dirname(createRequire(import.meta.url).resolve('payload'))
    while (dir !== path.dirname(dir)) {
      const file = path.join(dir, 'package.json')
      if (fs.existsSync(file)) {
        const found = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string }
        if (found.name === 'payload' && found.version) return found.version
      }
      dir = path.dirname(dir)
    }
  } catch {
    // Fall through to the pin.
  }
  return packageJson.dependencies.payload
}
