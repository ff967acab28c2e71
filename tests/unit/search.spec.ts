import { describe, expect, it } from 'vitest'

import { highlightSnippet } from '@/plugins/search/lib/highlightSnippet'
import { parseSearchQuery } from '@/plugins/search/lib/parseSearchQuery'
import { plainTextFromLayout } from '../../collections/content/describeDocuments'
import { rankSearchResults } from '@/plugins/search/lib/rankSearchResults'
import { lexicalFromLines } from '@/lib/lexicalFromLines'

describe('highlightSnippet', () => {
  it('returns short text whole, escaped, with every match marked regardless of case', () => {
    expect(highlightSnippet('Tea & <b>tea</b>', ['TEA'])).toBe('<mark>Tea</mark> &amp; &lt;b&gt;<mark>tea</mark>&lt;/b&gt;')
  })

  it('marks the longer of two overlapping terms', () => {
    expect(highlightSnippet('blogging about logs', ['log', 'blog'])).toBe('<mark>blog</mark>ging about <mark>log</mark>s')
  })

  it('cuts long text at word boundaries around the first match', () => {
    const words = Array.from({ length: 80 }, (_, index) => `word${index}`)
    words[50] = 'needle'
    const snippet = highlightSnippet(words.join(' '), ['needle'], 60)

    expect(snippet).toMatch(/^…word\d+ /)
    expect(snippet).toMatch(/ word\d+…$/)
    expect(snippet).toContain('<mark>needle</mark>')
    expect(snippet.replace(/<\/?mark>|…/g, '').length).toBeLessThanOrEqual(60)
  })

  it('starts at the beginning when only the title matched', () => {
    expect(highlightSnippet('Nothing to see here. '.repeat(20), ['absent'], 40)).toBe('Nothing to see here. Nothing to see…')
  })

  it('shows the end of the text when the match is there', () => {
    const snippet = highlightSnippet(`${'lead '.repeat(50)}the end`, ['end'], 40)

    expect(snippet.endsWith('the <mark>end</mark>')).toBe(true)
    expect(snippet.startsWith('…lead')).toBe(true)
  })
})

describe('rankSearchResults', () => {
  const candidate = (key: string, title: string, publishedAt: string | null) => ({ key, title, publishedAt })

  it('ranks by title tier, then by publication date, newest first', () => {
    const ranked = rankSearchResults(
      [
        candidate('body-new', 'Other', '2026-02-01T00:00:00.000Z'),
        candidate('some', 'Green things', '2020-01-01T00:00:00.000Z'),
        candidate('body-undated', 'Other', null),
        candidate('exact', 'green  TEA', '2019-01-01T00:00:00.000Z'),
        candidate('all', 'Tea, green', '2025-01-01T00:00:00.000Z'),
        candidate('phrase', 'Green tea ceremonies', '2021-01-01T00:00:00.000Z'),
        candidate('body-old', 'Other', '2024-01-01T00:00:00.000Z'),
      ],
      ['green', 'tea'],
    )

    expect(ranked.map(({ key, score }) => [key, score])).toEqual([
      ['exact', 402],
      ['phrase', 302],
      ['all', 202],
      ['some', 101],
      ['body-new', 0],
      ['body-old', 0],
      ['body-undated', 0],
    ])
  })
})

describe('plainTextFromLayout', () => {
  it('reads the visible text of every block and skips links and media', () => {
    const layout = [
      { blockType: 'hero', heading: 'Hello', subheading: 'A short intro', cta: { label: 'Go', url: '/x' } },
      { blockType: 'richText', content: lexicalFromLines(['## Heading', 'Body text.']) },
      { blockType: 'media', media: 'abc', caption: 'A photo' },
      { blockType: 'callToAction', heading: 'Act now', text: 'Sign up', links: [{ link: { label: 'Join' } }] },
      { blockType: 'unknown', heading: 'Ignored' },
    ]

    expect(plainTextFromLayout(layout)).toBe('Hello A short intro Heading Body text. A photo Act now Sign up')
  })
})

describe('parseSearchQuery', () => {
  it('splits the query into distinct words without surrounding quotes', () => {
    const parsed = parseSearchQuery(new URLSearchParams({ q: ' "Green"  tea green ', limit: '5', page: '2' }))

    expect(parsed).toEqual({ query: '"Green"  tea green', terms: ['green', 'tea'], limit: 5, page: 2 })
  })

  it('refuses a query parameter given twice', () => {
    expect(() => parseSearchQuery(new URLSearchParams('q=a&q=b'))).toThrow('Query parameter "q" must be given once')
  })
})
