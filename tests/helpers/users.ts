import { randomBytes } from 'node:crypto'

import type { Payload } from 'payload'

import type { Role } from '@/access/roles'
import type { User } from '@payload-types'
import type { ApiClient } from './apiClient'

export type SignedInUser = { user: User; token: string; email: string; password: string }

/** Creates a user with `role` through the Local API and signs in over REST. */
export async function createSignedInUser(payload: Payload, api: ApiClient, role: Role): Promise<SignedInUser> {
  const email = `${role}-${randomBytes(4).toString('hex')}@folio.test`
  const password = `pw-${randomBytes(8).toString('hex')}`
  const user = await payload.create({ collection: 'users', data: { email, password, name: `Test ${role}`, role } })
  const login = await api('/api/users/login', { method: 'POST', json: { email, password } })
  if (login.status !== 200) throw new Error(`login as ${role} failed: ${login.status} ${JSON.stringify(login.body)}`)
  return { user, token: login.body.token, email, password }
}
