import type { GroupField, RelationshipField, TextField } from 'payload'
import { relationship, text } from 'payload/shared'

type LinkFieldOptions = {
  name?: string
  /** The link may be left out as a whole (a hero's call to action); when any part is given, all are. */
  optional?: boolean
  overrides?: Partial<GroupField>
}

type LinkValue = { label?: unknown; type?: unknown; url?: unknown; page?: unknown } | undefined

const given = (value: unknown) => (typeof value === 'string' ? value.trim() !== '' : value !== null && value !== undefined)
const toPage = (link: LinkValue) => link?.type === 'page'
const hasTarget = (link: LinkValue) => (toPage(link) ? given(link?.page) : given(link?.url))

/** Addresses a link may have: a path on the site, an anchor, or an http(s), mailto or tel URL. */
const SAFE_URL = /^(\/(?![/\\])|#|https?:\/\/|mailto:|tel:)/i

/**
 * A labelled link to a Folio page or to any URL. A link is complete or absent: a label needs its
 * target (the URL, or the page when it links to a page) and a target its label. Required links
 * (navigation entries, a call-to-action block's links) must be complete; an `optional` one may
 * also be left empty as a whole. Drafts are not checked (Payload validates what is published).
 */
export function linkField({ name = 'link', optional = false, overrides = {} }: LinkFieldOptions = {}): GroupField {
  const needed = (link: LinkValue) => !optional || given(link?.label) || hasTarget(link)
  const label: TextField = {
    name: 'label',
    type: 'text',
    maxLength: 80,
    required: !optional,
    localized: true,
    validate: (value, options) => {
      const link = options.siblingData as LinkValue
      if (optional && !given(value) && hasTarget(link)) return 'A link with a target needs a label'
      return text(value, options)
    },
  }
  const url: TextField = {
    name: 'url',
    type: 'text',
    maxLength: 2000,
    admin: { condition: (_, sibling) => sibling?.type !== 'page', description: 'A path on this site (/contact), or an http(s), mailto: or tel: address.' },
    validate: (value, options) => {
      const link = options.siblingData as LinkValue
      if (toPage(link)) return true
      if (!given(value)) return needed(link) ? 'A link needs a URL (or choose a page)' : true
      if (!SAFE_URL.test(String(value).trim())) return 'The URL must be a path on this site (starting with /), an anchor (#), or an http(s), mailto: or tel: address'
      return text(value, options)
    },
  }
  const page: RelationshipField = {
    name: 'page',
    type: 'relationship',
    relationTo: 'pages',
    admin: { condition: (_, sibling) => sibling?.type === 'page' },
    validate: (value, options) => {
      const link = options.siblingData as LinkValue
      if (toPage(link) && !given(value) && needed(link)) return 'Choose the page the link goes to'
      return relationship(value, options)
    },
  }
  return {
    name,
    type: 'group',
    fields: [
      label,
      {
        name: 'type',
        type: 'radio',
        defaultValue: 'url',
        options: [
          { label: 'URL', value: 'url' },
          { label: 'Page', value: 'page' },
        ],
        admin: { layout: 'horizontal' },
      },
      url,
      page,
      { name: 'newTab', type: 'checkbox', defaultValue: false },
    ],
    ...overrides,
  }
}
