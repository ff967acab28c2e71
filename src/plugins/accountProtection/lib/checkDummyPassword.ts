import { pbkdf2, randomBytes } from 'node:crypto'

/**
 * Payload's current password hashing (payload/dist/auth/strategies/local/generatePasswordSaltHash:
 * PBKDF2-SHA256, 600,000 iterations, 32-byte key). A sign-in for an email no account has runs it
 * once, so it takes as long as a wrong password for a real account: timing tells nobody which
 * emails have accounts.
 */
const ITERATIONS = 600_000
const KEY_LENGTH = 32
const DUMMY_SALT = randomBytes(32).toString('hex')

export function checkDummyPassword(password: unknown): Promise<void> {
  return new Promise((resolve) => {
    pbkdf2(typeof password === 'string' ? password : '', DUMMY_SALT, ITERATIONS, KEY_LENGTH, 'sha256', () => resolve())
  })
}
