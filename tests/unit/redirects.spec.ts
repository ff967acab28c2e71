import type { PayloadRequest } from 'payload'
import { describe, expect, it } from 'vitest'

import { ClientError } from '@/errors/ClientError'
import { validateRedirect } from '@/plugins/redirects/hooks/validateRedirect'
import { MAX_REDIRECT_PATH_LENGTH, normalizeRedirectPath } from '@/plugins/redirects/lib/normalizeRedirectPath'

describe('the stored form of a redirect path', () => {
  it.each([
    ['/old-page', '/old-page'],
    ['  /old-page\t', '/old-page'],
    ['/old-page/', '/old-page'],
    ['/old-page//', '/old-page'],
    ['/', '/'],
    ['/blog///2024//post', '/blog/2024/post'],
    ['/old-page#comments', '/old-page'],
    ['/old-page/#comments', '/old-page'],
    ['/old-page?page=2', '/old-page?page=2'],
    ['/old-page/?page=2#top', '/old-page?page=2'],
    ['/old-page?', '/old-page'],
    ['/old-page/?', '/old-page'],
    ['/search?q=a//b/', '/search?q=a//b/'],
    ['https://www.example.com/old-about/', '/old-about'],
    ['http://www.example.com/old-about?x=1', '/old-about?x=1'],
    ['HTTPS://WWW.EXAMPLE.COM/Old-About', '/Old-About'],
    ['https://www.example.com', '/'],
    ['/go/https://shop.example.com/x', '/go/https:/shop.example.com/x'],
  ])('stores %j as %j', (input, stored) => {
    expect(normalizeRedirectPath(input)).toBe(stored)
  })

  it.each([
    ['not a string', 42],
    ['not a string', undefined],
    ['empty', ''],
    ['blank', '   '],
    ['no leading slash', 'old-page'],
    ['no leading slash, a trailing one', 'old-page/'],
    ['protocol-relative, another host', '//evil.example.com/x'],
    ['a space inside', '/old page'],
    ['a tab inside', '/old\tpage'],
    ['a control character', '/old\u0000page'],
    ['another control character', '/old\u001fpage'],
    ['a URL that does not parse', 'http://'],
    ['a URL of another scheme', 'javascript:alert(1)'],
    ['a fragment only', '#top'],
    ['a query only', '?page=2'],
  ])('refuses %s (%j)', (_, input) => {
    expect(normalizeRedirectPath(input)).toBeUndefined()
  })

  it(`accepts a path of ${MAX_REDIRECT_PATH_LENGTH} characters and refuses a longer one`, () => {
    const longest = `/${'a'.repeat(MAX_REDIRECT_PATH_LENGTH - 1)}`
    expect(normalizeRedirectPath(longest)).toBe(longest)
    expect(normalizeRedirectPath(`${longest}a`)).toBeUndefined()
  })
})

type RedirectData = { from?: unknown; to?: { type?: string; url?: unknown; reference?: unknown }; type?: string }

/** What the hook answers for a create (no stored document) or an update of `stored`. */
function validate(data: RedirectData, stored?: RedirectData) {
  return validateRedirect({ data, originalDoc: stored, operation: stored ? 'update' : 'create', req: {} as PayloadRequest } as Parameters<typeof validateRedirect>[0])
}

/** The ClientError's status and message, or undefined when the hook lets the data through. */
function refusal(data: RedirectData, stored?: RedirectData): { status: number; message: string } | undefined {
  try {
    validate(data, stored)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(ClientError)
    return { status: (error as ClientError).status, message: (error as ClientError).message }
  }
}

const BAD_FROM = { status: 400, message: 'from: must be a path starting with / (for example /old-page), at most 2000 characters' }
const BAD_TO = { status: 400, message: 'to.url: must be a path starting with / or an http(s) URL' }
const LOOP = { status: 400, message: 'to.url: a redirect cannot lead to its own path' }

describe('validating a redirect before it is stored', () => {
  it('stores from and a path destination in their lookup form, and keeps the other fields', () => {
    expect(validate({ from: ' https://www.example.com/old/ ', to: { type: 'custom', url: ' /new/ ' }, type: '302' })).toEqual({
      from: '/old',
      to: { type: 'custom', url: '/new' },
      type: '302',
    })
  })

  it('stores a URL destination trimmed and otherwise as written', () => {
    expect(validate({ from: '/sale', to: { type: 'custom', url: ' https://Shop.example.com/Winter/?a=1 ' } })).toEqual({
      from: '/sale',
      to: { type: 'custom', url: 'https://Shop.example.com/Winter/?a=1' },
    })
  })

  it.each(['http://shop.example.com', 'HTTPS://shop.example.com/x', 'https://[2606:4700::1111]/x', 'https://shop.example.com:8443/x'])('accepts the URL %s', (url) => {
    expect(validate({ from: '/sale', to: { type: 'custom', url } })).toEqual({ from: '/sale', to: { type: 'custom', url } })
  })

  it.each([
    'javascript:alert(1)',
    'javascript:fetch("https://evil.example.com")',
    'data:text/html,<script>alert(1)</script>',
    'ftp://files.example.com/x',
    'https:///no-host',
    'https://exa mple.com/x',
    'shop.example.com/x',
    '//shop.example.com/x',
    '/old page',
  ])('refuses the destination %j', (url) => {
    expect(refusal({ from: '/sale', to: { type: 'custom', url } })).toEqual(BAD_TO)
  })

  it.each(['no-slash', '', 42, '//evil.example.com'])('refuses from %j', (from) => {
    expect(refusal({ from, to: { type: 'custom', url: '/x' } })).toEqual(BAD_FROM)
  })

  it('refuses a destination that leads back to from, however either is written', () => {
    expect(refusal({ from: '/same', to: { type: 'custom', url: '/same/' } })).toEqual(LOOP)
    expect(refusal({ from: 'https://www.example.com/same#x', to: { type: 'custom', url: '/same' } })).toEqual(LOOP)
  })

  it('refuses an update whose new destination leads back to the stored from', () => {
    const stored = { from: '/kept', to: { type: 'custom', url: '/elsewhere' } }
    expect(refusal({ to: { type: 'custom', url: '/kept' } }, stored)).toEqual(LOOP)
  })

  it('refuses an update whose new from is where the stored destination leads', () => {
    const stored = { from: '/old', to: { type: 'custom', url: '/target' } }
    expect(refusal({ from: '/target/' }, stored)).toEqual(LOOP)
  })

  it('checks a new URL against the stored destination type when the update sends only the URL', () => {
    const stored = { from: '/kept', to: { type: 'custom', url: '/elsewhere' } }
    expect(refusal({ to: { url: 'javascript:alert(1)' } }, stored)).toEqual(BAD_TO)
  })

  it('leaves an update without from or destination as it was sent', () => {
    const stored = { from: '/kept', to: { type: 'reference', reference: { relationTo: 'posts', value: 'p1' } } }
    expect(validate({ type: '302' }, stored)).toEqual({ type: '302' })
  })

  it('accepts a URL destination on a create that has no from yet (the field itself requires one)', () => {
    expect(validate({ to: { type: 'custom', url: 'https://shop.example.com/x' } })).toEqual({ to: { type: 'custom', url: 'https://shop.example.com/x' } })
  })

  it('does not check the URL left over on a redirect to a document', () => {
    const data = { from: '/moved', to: { type: 'reference', reference: { relationTo: 'posts', value: 'p1' }, url: 'javascript:alert(1)' } }
    expect(validate(data)).toEqual(data)
  })

  it('leaves a missing or blank URL to the required field', () => {
    expect(validate({ from: '/sale', to: { type: 'custom' } })).toEqual({ from: '/sale', to: { type: 'custom' } })
    expect(validate({ from: '/sale', to: { type: 'custom', url: '  ' } })).toEqual({ from: '/sale', to: { type: 'custom', url: '  ' } })
  })
})
