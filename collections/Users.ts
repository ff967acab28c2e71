import type { CollectionConfig } from 'payload'

import { authenticated } from '@/access/authenticated'
import { isAdmin } from '@/access/isAdmin'
import { isAdminField } from '@/access/isAdminField'
import { isAdminOrSelf } from '@/access/isAdminOrSelf'
import { isEditorOrAdminOrSelf } from '@/access/isEditorOrAdminOrSelf'
import { ROLES } from '@/access/roles'
import { ensureUniqueEmail } from '@/hooks/ensureUniqueEmail'
import { makeFirstUserAdmin } from '@/hooks/makeFirstUserAdmin'
import { USERS } from './slugs'

const LOCK_MINUTES = 15

export const Users: CollectionConfig = {
  slug: USERS,
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'email', 'role'],
  },
  auth: {
    useAPIKey: true,
    maxLoginAttempts: 5,
    lockTime: LOCK_MINUTES * 60 * 1000,
    tokenExpiration: 60 * 60 * 8,
  },
  access: {
    admin: authenticated,
    create: isAdmin,
    read: isEditorOrAdminOrSelf,
    update: isAdminOrSelf,
    delete: isAdmin,
    unlock: isAdmin,
  },
  hooks: {
    beforeValidate: [ensureUniqueEmail],
    beforeChange: [makeFirstUserAdmin],
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
      maxLength: 120,
    },
    {
      name: 'role',
      type: 'select',
      required: true,
      defaultValue: 'author',
      options: ROLES.map((role) => ({ label: role[0].toUpperCase() + role.slice(1), value: role })),
      saveToJWT: true,
      access: {
        create: isAdminField,
        update: isAdminField,
      },
      admin: {
        description: 'Admins manage users and settings; editors edit all content; authors write their own posts.',
      },
    },
    {
      name: 'bio',
      type: 'textarea',
      maxLength: 1000,
    },
  ],
}
