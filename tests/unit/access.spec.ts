import { Forbidden, type AccessArgs, type FieldAccess, type PayloadRequest } from 'payload'
import { describe, expect, it } from 'vitest'

import { anyone } from '@/access/anyone'
import { authenticated } from '@/access/authenticated'
import { isAdmin } from '@/access/isAdmin'
import { isAdminField } from '@/access/isAdminField'
import { isAdminOrSelf } from '@/access/isAdminOrSelf'
import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { isEditorOrAdminOrSelf } from '@/access/isEditorOrAdminOrSelf'
import { isEditorOrOwningAuthor } from '@/access/isEditorOrOwningAuthor'
import { isEditorOrUploader } from '@/access/isEditorOrUploader'
import { isStaff } from '@/access/isStaff'
import { isStaffField } from '@/access/isStaffField'
import { nobody } from '@/access/nobody'
import { publishedOrStaff } from '@/access/publishedOrStaff'
import { requireRole } from '@/access/requireRole'
import { hasRole, ROLES, type Role } from '@/access/roles'

/**
 * Folio's access rules as plain functions, for every kind of caller: nobody signed in, each role,
 * and a signed-in account holding none of Folio's roles (no role stored, or one Folio no longer
 * knows), which must be granted no more than an anonymous visitor.
 */

type Caller = { id: string; role?: string | null } | null | undefined

const CALLERS: Record<string, Caller> = {
  anonymous: null,
  'no user at all': undefined,
  admin: { id: 'u-admin', role: 'admin' },
  editor: { id: 'u-editor', role: 'editor' },
  author: { id: 'u-author', role: 'author' },
  'an account without a role': { id: 'u-none', role: null },
  'an account whose role is missing': { id: 'u-missing' },
  'an account with an unknown role': { id: 'u-unknown', role: 'contributor' },
}

const argsOf = (user: Caller) => ({ req: { user } }) as unknown as AccessArgs & Parameters<FieldAccess>[0]

/** What each rule answers each caller: true, false, or the query limiting what the caller reaches. */
function answers(rule: (args: AccessArgs & Parameters<FieldAccess>[0]) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(CALLERS).map(([name, user]) => [name, rule(argsOf(user))]))
}

const noRole = { 'an account without a role': false, 'an account whose role is missing': false, 'an account with an unknown role': false }
const nobodySignedIn = { anonymous: false, 'no user at all': false }

describe('roles', () => {
  it('hasRole matches the user’s role against the roles asked for, and nobody has a role', () => {
    expect(hasRole({ role: 'editor' }, 'admin', 'editor')).toBe(true)
    expect(hasRole({ role: 'author' }, 'admin', 'editor')).toBe(false)
    expect(hasRole({ role: 'author' })).toBe(false)
    expect(hasRole({ role: null }, 'admin', 'editor', 'author')).toBe(false)
    expect(hasRole({}, 'admin')).toBe(false)
    expect(hasRole(null, 'admin')).toBe(false)
    expect(hasRole(undefined, 'admin', 'editor', 'author')).toBe(false)
    for (const role of ROLES) expect(hasRole({ role }, role)).toBe(true)
  })
})

describe('access rules', () => {
  it('anyone and nobody', () => {
    expect(Object.values(answers(anyone))).toEqual(Object.values(CALLERS).map(() => true))
    expect(Object.values(answers(nobody))).toEqual(Object.values(CALLERS).map(() => false))
  })

  it('authenticated: every signed-in account', () => {
    expect(answers(authenticated)).toEqual({
      ...nobodySignedIn,
      admin: true,
      editor: true,
      author: true,
      'an account without a role': true,
      'an account whose role is missing': true,
      'an account with an unknown role': true,
    })
  })

  it('isAdmin and isAdminField: admins only', () => {
    const expected = { ...nobodySignedIn, admin: true, editor: false, author: false, ...noRole }
    expect(answers(isAdmin)).toEqual(expected)
    expect(answers(isAdminField)).toEqual(expected)
  })

  it('isEditorOrAdmin: editors and admins', () => {
    expect(answers(isEditorOrAdmin)).toEqual({ ...nobodySignedIn, admin: true, editor: true, author: false, ...noRole })
  })

  it('isStaff: every role', () => {
    expect(answers(isStaff)).toEqual({ ...nobodySignedIn, admin: true, editor: true, author: true, ...noRole })
  })

  it('isStaffField: every role reads the team\'s fields, nobody else', () => {
    expect(answers(isStaffField)).toEqual({ ...nobodySignedIn, admin: true, editor: true, author: true, ...noRole })
  })

  it('isEditorOrUploader: editors and admins every upload, authors those they uploaded, anyone else none', () => {
    expect(answers(isEditorOrUploader)).toEqual({
      ...nobodySignedIn,
      admin: true,
      editor: true,
      author: { uploadedBy: { equals: 'u-author' } },
      ...noRole,
    })
  })

  it('isAdminOrSelf: admins everyone, any other account only itself', () => {
    expect(answers(isAdminOrSelf)).toEqual({
      ...nobodySignedIn,
      admin: true,
      editor: { id: { equals: 'u-editor' } },
      author: { id: { equals: 'u-author' } },
      'an account without a role': { id: { equals: 'u-none' } },
      'an account whose role is missing': { id: { equals: 'u-missing' } },
      'an account with an unknown role': { id: { equals: 'u-unknown' } },
    })
  })

  it('isEditorOrAdminOrSelf: editors and admins everyone, any other account only itself', () => {
    expect(answers(isEditorOrAdminOrSelf)).toEqual({
      ...nobodySignedIn,
      admin: true,
      editor: true,
      author: { id: { equals: 'u-author' } },
      'an account without a role': { id: { equals: 'u-none' } },
      'an account whose role is missing': { id: { equals: 'u-missing' } },
      'an account with an unknown role': { id: { equals: 'u-unknown' } },
    })
  })

  it('isEditorOrOwningAuthor: editors and admins every document, authors those listing them, anyone else none', () => {
    expect(answers(isEditorOrOwningAuthor)).toEqual({
      ...nobodySignedIn,
      admin: true,
      editor: true,
      author: { authors: { in: ['u-author'] } },
      ...noRole,
    })
  })

  it('publishedOrStaff: staff every version, anyone else published documents only', () => {
    const publishedOnly = { _status: { equals: 'published' } }
    expect(answers(publishedOrStaff)).toEqual({
      anonymous: publishedOnly,
      'no user at all': publishedOnly,
      admin: true,
      editor: true,
      author: true,
      'an account without a role': publishedOnly,
      'an account whose role is missing': publishedOnly,
      'an account with an unknown role': publishedOnly,
    })
  })
})

describe('requireRole', () => {
  const requestOf = (user: Caller) => ({ user, t: (key: string) => key }) as unknown as PayloadRequest
  const allowed = (user: Caller, ...roles: Role[]) => {
    try {
      requireRole(requestOf(user), ...roles)
      return true
    } catch (error) {
      expect(error).toBeInstanceOf(Forbidden)
      expect((error as Forbidden).status).toBe(403)
      return false
    }
  }

  it('lets through a user with one of the roles and refuses everyone else with 403', () => {
    expect(allowed(CALLERS.admin, 'admin')).toBe(true)
    expect(allowed(CALLERS.editor, 'admin', 'editor')).toBe(true)
    expect(allowed(CALLERS.author, 'admin', 'editor')).toBe(false)
    expect(allowed(CALLERS.editor, 'admin')).toBe(false)
    expect(allowed(CALLERS.anonymous, 'admin', 'editor', 'author')).toBe(false)
    expect(allowed(CALLERS['an account with an unknown role'], 'admin', 'editor', 'author')).toBe(false)
  })
})
