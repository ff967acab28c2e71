import type { CollectionSlug, Payload, RequestContext, TypedLocale } from 'payload'

import { FORMS } from '@/plugins/formBuilder/constants'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { CATEGORIES, PAGES, POSTS, SITE_SETTINGS } from '../slugs'

type Row = Record<string, unknown>

/** The German side of the demo: some of it translated, the rest read in English until it is. */
const GERMAN = 'de'

const categories: Record<string, Row> = {
  product: { title: 'Produkt', slug: 'produkt', description: 'Was es Neues in Folio gibt.' },
  engineering: { title: 'Technik', slug: 'technik', description: 'Wie Folio gebaut ist.' },
  guides: { title: 'Anleitungen', slug: 'anleitungen', description: 'Das Beste aus einem Headless-CMS herausholen.' },
}

const posts: Record<string, Row> = {
  'introducing-folio': {
    title: 'Folio stellt sich vor',
    slug: 'folio-stellt-sich-vor',
    excerpt: 'Ein Headless-CMS für Firmenwebsites und Blogs: im Admin schreiben, über REST oder GraphQL abrufen.',
    content: lexicalFromLines([
      'Folio ist das Back-End einer Firmenwebsite. Redakteure schreiben Beiträge und Seiten im Admin, laden Bilder hoch und veröffentlichen; jedes Frontend ruft die Inhalte über REST oder GraphQL ab.',
      '## Ein Inhaltsmodell',
      'Alles beginnt mit einer Konfigurationsdatei. Datenbankschema, Admin und beide APIs entstehen daraus und laufen nie auseinander.',
    ]),
  },
  'graphql-or-rest': {
    title: 'GraphQL oder REST?',
    slug: 'graphql-oder-rest',
    excerpt: 'Beide APIs lesen dieselben Inhalte mit denselben Zugriffsregeln; nehmen Sie die, die Ihr Frontend bevorzugt.',
    content: lexicalFromLines([
      'REST lässt sich einfach cachen und mit curl aufrufen. Mit GraphQL fragt ein Frontend genau die Felder ab, die es darstellt.',
      '## Dieselben Regeln',
      'Die Zugriffsregeln stehen im Inhaltsmodell, also sieht ein Besucher über beide APIs dieselben veröffentlichten Beiträge.',
    ]),
  },
}

/** Each page's German title and slug, and the German words of its blocks, in the blocks' order. */
const pages: Record<string, { title: string; slug: string; layout: Row[] }> = {
  home: {
    title: 'Startseite',
    slug: 'home',
    layout: [
      {
        heading: 'Inhalte für jeden Bildschirm',
        subheading: 'Folio hält die Beiträge und Seiten Ihrer Website an einem Ort und liefert sie an jedes Frontend.',
        cta: { label: 'Zum Blog' },
      },
      { content: lexicalFromLines(['## Warum Folio', 'Redakteure bekommen einen schnellen Admin, der nie ihre Arbeit verliert; Entwickler typisierte REST- und GraphQL-APIs.']) },
      { caption: 'Ein Upload, jede Größe.' },
      { heading: 'Jetzt schreiben', text: 'Melden Sie sich im Admin an und veröffentlichen Sie Ihren ersten Beitrag.', links: [{ link: { label: 'Admin öffnen' } }] },
    ],
  },
  about: {
    title: 'Über uns',
    slug: 'ueber-uns',
    layout: [{ heading: 'Über Folio', subheading: 'Ein kleines Team baut das CMS, das wir uns immer gewünscht haben.', cta: { label: 'Das Team kennenlernen' } }],
  },
  team: {
    title: 'Unser Team',
    slug: 'team',
    layout: [{ content: lexicalFromLines(['## Wer wir sind', 'Redakteure, Autorinnen und Entwickler, denen schnelles, freundliches Veröffentlichen am Herzen liegt.']) }],
  },
  contact: {
    title: 'Kontakt',
    slug: 'kontakt',
    layout: [
      { content: lexicalFromLines(['Fragen zu Folio, eine Demo für Ihr Team oder ein Fehler: Schreiben Sie uns, wir antworten innerhalb von zwei Werktagen.']) },
      { heading: 'Schreiben Sie uns' },
    ],
  },
}

/** Deep merge of a translation onto a stored row: the row's ids, relations and URLs, the translation's words. */
function merge(stored: unknown, words: unknown): unknown {
  if (Array.isArray(stored) && Array.isArray(words)) return (stored as unknown[]).map((item, index) => (index < words.length ? merge(item, words[index]) : item))
  if (stored && typeof stored === 'object' && words && typeof words === 'object' && !Array.isArray(words) && !('root' in words)) {
    const merged: Row = { ...(stored as Row) }
    for (const [key, value] of Object.entries(words)) merged[key] = merge(merged[key], value)
    return merged
  }
  return words
}

async function findBySlug(payload: Payload, collection: CollectionSlug, slug: string): Promise<Row | undefined> {
  const { docs } = await payload.find({ collection, where: { slug: { equals: slug } }, limit: 1, depth: 0, draft: false })
  return docs[0] as unknown as Row | undefined
}

/**
 * The demo in German, when German is one of Folio's languages: the categories, two of the posts,
 * every page, the site's tagline and navigation, and the contact form. The other posts are left
 * untranslated, as a real site's would be, and read in English on the German site.
 */
export async function seedTranslations(payload: Payload, context: RequestContext, step: (what: string) => void): Promise<void> {
  if (!payload.config.localization || !payload.config.localization.localeCodes.includes(GERMAN)) return
  const locale = GERMAN as TypedLocale

  for (const [slug, data] of Object.entries(categories)) {
    const category = await findBySlug(payload, CATEGORIES, slug)
    if (category) await payload.update({ collection: CATEGORIES, id: String(category.id), data, locale, context })
  }
  for (const [slug, data] of Object.entries(posts)) {
    const post = await findBySlug(payload, POSTS, slug)
    if (post) await payload.update({ collection: POSTS, id: String(post.id), data: { ...data, _status: 'published' }, locale, context })
  }
  // Parents first, so a child's German path is built from its parent's German slug.
  for (const [slug, { title, slug: germanSlug, layout }] of Object.entries(pages)) {
    const page = await findBySlug(payload, PAGES, slug)
    if (!page) continue
    await payload.update({
      collection: PAGES,
      id: String(page.id),
      data: { title, slug: germanSlug, layout: merge(page.layout, layout) as never, _status: 'published' },
      locale,
      context,
    })
  }

  const settings = await payload.findGlobal({ slug: SITE_SETTINGS, depth: 0 })
  const germanLabels = ['Blog', 'Über uns', 'Kontakt', 'Suche']
  await payload.updateGlobal({
    slug: SITE_SETTINGS,
    data: {
      tagline: 'Das Headless-CMS für Firmenwebsites',
      navigation: merge(settings.navigation ?? [], germanLabels.map((label) => ({ link: { label } }))) as never,
    },
    locale,
    context,
  })

  const { docs: forms } = await payload.find({ collection: FORMS, where: { title: { equals: 'Contact' } }, limit: 1, depth: 0 })
  const form = forms[0] as unknown as Row | undefined
  if (form) {
    await payload.update({
      collection: FORMS,
      id: String(form.id),
      data: {
        fields: merge(form.fields, [{ label: 'Name' }, { label: 'E-Mail' }, { label: 'Nachricht' }]),
        submitButtonLabel: 'Senden',
        confirmationMessage: lexicalFromLines(['Danke! Wir melden uns innerhalb von zwei Werktagen.']),
      } as never,
      locale,
      context,
    })
  }
  step('German translations')
}
