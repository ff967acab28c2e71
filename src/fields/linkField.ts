import type { GroupField } from 'payload'

type LinkFieldOptions = {
  name?: string
  overrides?: Partial<GroupField>
}

/** A labelled link to a Folio page or to any URL. */
export function linkField({ name = 'link', overrides = {} }: LinkFieldOptions = {}): GroupField {
  return {
    name,
    type: 'group',
    fields: [
      { name: 'label', type: 'text', required: true, maxLength: 80 },
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
      {
        name: 'url',
        type: 'text',
        maxLength: 2000,
        admin: { condition: (_, sibling) => sibling?.type !== 'page' },
      },
      {
        name: 'page',
        type: 'relationship',
        relationTo: 'pages',
        admin: { condition: (_, sibling) => sibling?.type === 'page' },
      },
      { name: 'newTab', type: 'checkbox', defaultValue: false },
    ],
    ...overrides,
  }
}
