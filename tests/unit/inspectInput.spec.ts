import type { FlattenedField } from 'payload'
import { describe, expect, it } from 'vitest'

import { inspectInput } from '@/lib/inspectInput'

const fields = [
  { name: 'title', type: 'text' },
  { name: 'views', type: 'number' },
  { name: 'featured', type: 'checkbox' },
  { name: 'body', type: 'richText' },
  { name: 'category', type: 'relationship', relationTo: 'categories' },
  { name: 'tags', type: 'relationship', relationTo: 'categories', hasMany: true },
  { name: 'seo', type: 'group', flattenedFields: [{ name: 'metaTitle', type: 'text' }] },
  { name: 'links', type: 'array', flattenedFields: [{ name: 'url', type: 'text' }] },
  {
    name: 'layout',
    type: 'blocks',
    blocks: [{ slug: 'hero', flattenedFields: [{ name: 'heading', type: 'text' }] }],
  },
] as unknown as FlattenedField[]

const id = '6b049fe812af98e4c77b9746'

describe('inspectInput', () => {
  it('accepts known fields, system keys and well-formed relations', () => {
    const problems = inspectInput(fields, {
      id,
      _status: 'draft',
      password: 'x',
      'confirm-password': 'x',
      title: 'Hi',
      category: { id },
      tags: [id, { relationTo: 'categories', value: id }, null],
      seo: { metaTitle: 'Hi' },
      links: [{ id: 'row1', url: '/' }],
      layout: [{ id: 'b1', blockType: 'hero', blockName: 'Top', heading: 'Hello' }],
    })
    expect(problems).toEqual({
      unknownFields: [],
      invalidIds: [],
      invalidValues: [],
      relations: [
        { path: 'category', collection: 'categories', id },
        { path: 'tags', collection: 'categories', id },
        { path: 'tags', collection: 'categories', id },
      ],
    })
  })

  it('names unknown keys at every level', () => {
    const { unknownFields } = inspectInput(fields, {
      titel: 'x',
      seo: { metaTitel: 'x' },
      links: [{ url: '/', target: '_blank' }],
      layout: [{ blockType: 'hero', colour: 'red' }],
    })
    expect(unknownFields).toEqual(['titel', 'seo.metaTitel', 'links.0.target', 'layout.0.colour'])
  })

  it('names malformed relation ids', () => {
    const { invalidIds } = inspectInput(fields, { category: 'nope', tags: [id, 42, { relationTo: 'categories', value: 'x' }] })
    expect(invalidIds).toEqual([
      { path: 'category', value: 'nope' },
      { path: 'tags', value: 42 },
      { path: 'tags', value: { relationTo: 'categories', value: 'x' } },
    ])
  })

  it('names values of the wrong type for their field', () => {
    const { invalidValues } = inspectInput(fields, {
      title: 5,
      views: 'many',
      featured: 'yes',
      body: 'plain text',
      category: [id],
      tags: id,
      seo: 'x',
      links: { url: '/' },
      layout: [{ blockType: 'footer' }, 'hero'],
      _status: 'live',
      password: 12345,
    })
    expect(invalidValues).toEqual([
      { path: 'title', message: 'must be text' },
      { path: 'views', message: 'must be a number' },
      { path: 'featured', message: 'must be true or false' },
      { path: 'body', message: 'must be rich text: { root: { children: [nodes, each with a "type"] } }' },
      { path: 'category', message: 'must be one document id, not a list' },
      { path: 'tags', message: 'must be a list of document ids' },
      { path: 'seo', message: 'must be an object' },
      { path: 'links', message: 'must be a list of rows' },
      { path: 'layout.0.blockType', message: 'must be one of: hero' },
      { path: 'layout.1', message: 'must be an object' },
      { path: '_status', message: 'must be "draft" or "published"' },
      { path: 'password', message: 'must be text' },
    ])
  })

  it.each([
    ['children not a list', { root: { children: { a: 1 } } }],
    ['a child that is not a node', { root: { children: [null] } }],
    ['a node without a type', { root: { children: [{ children: [] }] } }],
    ['a nested child that is a number', { root: { children: [{ type: 'paragraph', children: [5] }] } }],
    ['a child without a type under a root that has one', { root: { type: 'root', children: [{ children: [] }] } }],
    ['nested children that are one node, not a list', { root: { type: 'root', children: [{ type: 'paragraph', children: { type: 'text', text: 'Hi' } }] } }],
    ['nested children that are empty text', { root: { type: 'root', children: [{ type: 'paragraph', children: '' }] } }],
    ['a root without children', { root: { type: 'root' } }],
    ['a root that is null', { root: null }],
    ['a root that is text', { root: 'Hi' }],
  ])('refuses malformed rich text: %s', (_name, body) => {
    expect(inspectInput(fields, { body }).invalidValues.map((problem) => problem.path)).toEqual(['body'])
  })

  it('accepts well-formed rich text', () => {
    const body = { root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'Hi' }] }] } }
    expect(inspectInput(fields, { body }).invalidValues).toEqual([])
  })

  it('asks a type of every node below the root, not of the root itself', () => {
    const body = { root: { children: [{ type: 'paragraph', children: [] }, { type: 'linebreak' }] } }
    expect(inspectInput(fields, { body }).invalidValues).toEqual([])
  })

  it('accepts null for any field and the lenient forms Payload coerces', () => {
    const { invalidValues } = inspectInput(fields, { title: null, views: '42', featured: 'true', body: null, category: null, tags: [] })
    expect(invalidValues).toEqual([])
  })

  it('takes a key whose value is undefined as absent, and empty entries of a relation list as no relation', () => {
    expect(inspectInput(fields, { title: undefined, seo: undefined, category: undefined, tags: [null, undefined, ''], _status: undefined, password: undefined, 'confirm-password': undefined })).toEqual({
      unknownFields: [],
      invalidIds: [],
      invalidValues: [],
      relations: [],
    })
  })

  it('refuses a relation naming another collection than the one its field relates to', () => {
    const { invalidIds, relations } = inspectInput(fields, { category: { relationTo: 'categ', value: id }, tags: [{ relationTo: 'posts', value: id }] })
    expect(invalidIds).toEqual([
      { path: 'category', value: { relationTo: 'categ', value: id } },
      { path: 'tags', value: { relationTo: 'posts', value: id } },
    ])
    expect(relations).toEqual([])
    expect(inspectInput(fields, { category: { relationTo: 'categories', value: id } }).relations).toEqual([{ path: 'category', collection: 'categories', id }])
  })
})
