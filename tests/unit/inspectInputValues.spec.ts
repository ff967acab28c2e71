import { inspect } from 'node:util'

import type { FlattenedField } from 'payload'
import { describe, expect, it } from 'vitest'

import { inspectInput } from '@/lib/inspectInput'

// Every field type inspectInput knows, as Payload flattens them.
const fields = [
  { name: 'title', type: 'text' },
  { name: 'summary', type: 'textarea' },
  { name: 'contact', type: 'email' },
  { name: 'snippet', type: 'code' },
  { name: 'publishedAt', type: 'date' },
  { name: 'colour', type: 'select' },
  { name: 'size', type: 'radio' },
  { name: 'views', type: 'number' },
  { name: 'scores', type: 'number', hasMany: true },
  { name: 'labels', type: 'text', hasMany: true },
  { name: 'tagline', type: 'text', hasMany: false },
  { name: 'featured', type: 'checkbox' },
  { name: 'location', type: 'point' },
  { name: 'extra', type: 'json' },
  { name: 'settings', type: 'tab', flattenedFields: [{ name: 'theme', type: 'text' }] },
  { name: 'image', type: 'upload', relationTo: 'media' },
  { name: 'related', type: 'relationship', relationTo: ['posts', 'pages'], hasMany: true },
  { name: 'author', type: 'relationship', relationTo: 'users', hasMany: false },
  { name: 'rows', type: 'array', flattenedFields: [{ name: 'label', type: 'text' }] },
  {
    name: 'layout',
    type: 'blocks',
    blocks: [
      { slug: 'hero', flattenedFields: [{ name: 'heading', type: 'text' }] },
      { slug: 'quote', flattenedFields: [{ name: 'text', type: 'text' }] },
    ],
  },
] as unknown as FlattenedField[]

const id = '6b049fe812af98e4c77b9746'
const otherId = '6B049FE812AF98E4C77B9747'

const problemsOf = (data: Record<string, unknown>) => inspectInput(fields, data).invalidValues

describe('inspectInput: scalar values', () => {
  it('names the type each scalar field takes', () => {
    expect(problemsOf({ summary: 1, contact: false, snippet: {}, publishedAt: 20240101, colour: ['red'], size: 2 })).toEqual([
      { path: 'summary', message: 'must be text' },
      { path: 'contact', message: 'must be an email address' },
      { path: 'snippet', message: 'must be text' },
      { path: 'publishedAt', message: 'must be a date (ISO 8601 text)' },
      { path: 'colour', message: 'must be one of the options' },
      { path: 'size', message: 'must be one of the options' },
    ])
    expect(problemsOf({ summary: 'x', contact: 'a@b.c', snippet: 'x', publishedAt: '2024-01-01', colour: 'red', size: 'M' })).toEqual([])
  })

  it('takes finite numbers and text that is one, nothing else', () => {
    for (const views of [0, -1.5, '42', ' 7 ', '1e3']) expect(problemsOf({ views }), JSON.stringify(views)).toEqual([])
    for (const views of ['', '   ', 'many', '12abc', 'Infinity', Infinity, Number.NaN, true, [1], { n: 1 }]) {
      expect(problemsOf({ views }), inspect(views)).toEqual([{ path: 'views', message: 'must be a number' }])
    }
  })

  it('takes true, false and their text forms for a checkbox, nothing else', () => {
    for (const featured of [true, false, 'true', 'false']) expect(problemsOf({ featured }), String(featured)).toEqual([])
    for (const featured of ['yes', 'TRUE', 1, 0, '']) expect(problemsOf({ featured }), String(featured)).toEqual([{ path: 'featured', message: 'must be true or false' }])
  })

  it('takes a list for a hasMany field, each item of the field type or null', () => {
    expect(problemsOf({ scores: [1, '2', null], labels: ['a', null] })).toEqual([])
    expect(problemsOf({ scores: 3, labels: 'a' })).toEqual([
      { path: 'scores', message: 'must be a list, each item a number' },
      { path: 'labels', message: 'must be a list, each item text' },
    ])
    expect(problemsOf({ scores: [1, 'two'], labels: ['a', 2] })).toEqual([
      { path: 'scores', message: 'must be a list, each item a number' },
      { path: 'labels', message: 'must be a list, each item text' },
    ])
  })

  it('takes one value for a field that says hasMany: false', () => {
    expect(problemsOf({ tagline: 'x' })).toEqual([])
    expect(problemsOf({ tagline: ['x'] })).toEqual([{ path: 'tagline', message: 'must be text' }])
  })

  it('takes a [longitude, latitude] pair of numbers for a point', () => {
    expect(problemsOf({ location: [4.9, '52.3'] })).toEqual([])
    for (const location of [[4.9], [4.9, 52.3, 0], ['east', 52.3], [4.9, 'north'], { lng: 4.9, lat: 52.3 }, '4.9,52.3']) {
      expect(problemsOf({ location }), JSON.stringify(location)).toEqual([{ path: 'location', message: 'must be a [longitude, latitude] pair of numbers' }])
    }
  })

  it('leaves field types without a JSON shape of their own to Payload', () => {
    expect(problemsOf({ extra: 5 })).toEqual([])
    expect(problemsOf({ extra: { any: ['thing'] } })).toEqual([])
  })
})

describe('inspectInput: system keys', () => {
  it('accepts what Payload itself takes beside the fields', () => {
    expect(
      inspectInput(fields, { id, globalType: 'site-settings', createdAt: '2024-01-01T00:00:00.000Z', updatedAt: null, _status: 'published', password: 'pw', 'confirm-password': 'pw' }),
    ).toEqual({ unknownFields: [], invalidIds: [], invalidValues: [], relations: [] })
    expect(problemsOf({ _status: 'draft', createdAt: undefined, updatedAt: '2024-02-03' })).toEqual([])
  })

  it('takes a date only as text, not as a number that would read as a year', () => {
    expect(problemsOf({ createdAt: 2024, updatedAt: [2024] })).toEqual([
      { path: 'createdAt', message: 'must be a date (ISO 8601 text)' },
      { path: 'updatedAt', message: 'must be a date (ISO 8601 text)' },
    ])
  })

  it('names system values of the wrong type', () => {
    expect(problemsOf({ _status: 5, 'confirm-password': 12345, createdAt: 'yesterday', updatedAt: 1700000000000 })).toEqual([
      { path: '_status', message: 'must be "draft" or "published"' },
      { path: 'confirm-password', message: 'must be text' },
      { path: 'createdAt', message: 'must be a date (ISO 8601 text)' },
      { path: 'updatedAt', message: 'must be a date (ISO 8601 text)' },
    ])
  })

  it('are system keys at the top only: inside a row, only the row id is', () => {
    expect(inspectInput(fields, { rows: [{ id: 'r1', _status: 'draft', label: 'x' }], settings: { id: 'x' } }).unknownFields).toEqual(['rows.0._status', 'settings.id'])
    expect(inspectInput(fields, { layout: [{ blockType: 'hero', blockName: 'Top', id: 'b1', createdAt: '2024-01-01' }] }).unknownFields).toEqual(['layout.0.createdAt'])
  })
})

describe('inspectInput: nested fields', () => {
  it('walks tabs like groups, with paths through them', () => {
    expect(inspectInput(fields, { settings: { theme: 5, font: 'x' } })).toMatchObject({
      unknownFields: ['settings.font'],
      invalidValues: [{ path: 'settings.theme', message: 'must be text' }],
    })
    expect(problemsOf({ settings: ['dark'] })).toEqual([{ path: 'settings', message: 'must be an object' }])
  })

  it('names every row that is not an object, and every value inside rows by its path', () => {
    expect(problemsOf({ rows: [{ label: 'ok' }, 'row', null, { label: 3 }] })).toEqual([
      { path: 'rows.1', message: 'must be an object' },
      { path: 'rows.2', message: 'must be an object' },
      { path: 'rows.3.label', message: 'must be text' },
    ])
  })

  it('checks each block against its own fields and names every block type allowed', () => {
    expect(inspectInput(fields, { layout: [{ blockType: 'quote', text: 'x' }, { blockType: 'hero', heading: 'x' }] })).toEqual({
      unknownFields: [],
      invalidIds: [],
      invalidValues: [],
      relations: [],
    })
    expect(inspectInput(fields, { layout: [{ blockType: 'quote', heading: 'x' }, { blockType: 'hero', heading: 2 }] })).toMatchObject({
      unknownFields: ['layout.0.heading'],
      invalidValues: [{ path: 'layout.1.heading', message: 'must be text' }],
    })
    expect(problemsOf({ layout: [{ heading: 'no type' }, 7] })).toEqual([
      { path: 'layout.0.blockType', message: 'must be one of: hero, quote' },
      { path: 'layout.1', message: 'must be an object' },
    ])
    expect(problemsOf({ layout: { blockType: 'hero' } })).toEqual([{ path: 'layout', message: 'must be a list of blocks' }])
  })
})

describe('inspectInput: relations', () => {
  it('reads uploads like relationships: an id or a populated document', () => {
    expect(inspectInput(fields, { image: id }).relations).toEqual([{ path: 'image', collection: 'media', id }])
    expect(inspectInput(fields, { image: { id: otherId, url: '/x.png' } }).relations).toEqual([{ path: 'image', collection: 'media', id: otherId }])
    expect(inspectInput(fields, { image: { url: '/x.png' } }).invalidIds).toEqual([{ path: 'image', value: { url: '/x.png' } }])
    expect(inspectInput(fields, { image: 42 }).invalidIds).toEqual([{ path: 'image', value: 42 }])
  })

  it('takes one id for a relationship that says hasMany: false', () => {
    expect(inspectInput(fields, { author: id })).toEqual({ unknownFields: [], invalidIds: [], invalidValues: [], relations: [{ path: 'author', collection: 'users', id }] })
    expect(problemsOf({ author: [id] })).toEqual([{ path: 'author', message: 'must be one document id, not a list' }])
  })

  it('takes polymorphic relations to the collections listed, by id or populated', () => {
    const { relations, invalidIds } = inspectInput(fields, {
      related: [{ relationTo: 'posts', value: id }, { relationTo: 'pages', value: { id: otherId } }, '', null],
    })
    expect(invalidIds).toEqual([])
    expect(relations).toEqual([
      { path: 'related', collection: 'posts', id },
      { path: 'related', collection: 'pages', id: otherId },
    ])
  })

  it('refuses a polymorphic relation to a collection not listed, or without one', () => {
    const items = [{ relationTo: 'users', value: id }, { relationTo: ['posts'], value: id }, { relationTo: 'posts', value: 'x' }]
    expect(inspectInput(fields, { related: items }).invalidIds).toEqual(items.map((value) => ({ path: 'related', value })))
  })

  it('cannot tell the collection of a bare id in a polymorphic field, so leaves its existence to Payload', () => {
    expect(inspectInput(fields, { related: [id] })).toEqual({ unknownFields: [], invalidIds: [], invalidValues: [], relations: [] })
  })
})
