import type { Payload, RequestContext } from 'payload'

import { FORMS } from '@/plugins/formBuilder/constants'
import { REDIRECTS } from '@/plugins/redirects/constants'
import { PAGES, POSTS } from '../slugs'
import { DEMO_ADMIN_EMAIL } from './fixtures'
import { lexicalFromLines } from '@/lib/lexicalFromLines'

/**
 * The demo's nested pages (/about, /about/team), its contact form and page (/contact), and three
 * redirects: permanent ones to a post and to the blog, a temporary one to a page.
 */
export async function seedWebsiteExtras(payload: Payload, context: RequestContext, step: (what: string) => void): Promise<void> {
  const about = await payload.create({
    collection: PAGES,
    data: {
      title: 'About',
      slug: 'about',
      _status: 'published',
      layout: [
        { blockType: 'hero', heading: 'About Folio', subheading: 'A small team building the CMS we always wanted.', cta: { label: 'Meet the team', type: 'url', url: '/about/team' } },
      ],
    },
    context,
  })
  const team = await payload.create({
    collection: PAGES,
    data: {
      title: 'Our team',
      slug: 'team',
      parent: about.id,
      _status: 'published',
      layout: [{ blockType: 'richText', content: lexicalFromLines(['## Who we are', 'Editors, writers and engineers who care about fast, friendly publishing.']) }],
    },
    context,
  })
  step('about and team pages')

  const contactForm = await payload.create({
    collection: FORMS,
    data: {
      title: 'Contact',
      fields: [
        { blockType: 'text', name: 'name', label: 'Name', required: true, width: 50 },
        { blockType: 'email', name: 'email', label: 'Email', required: true, width: 50 },
        { blockType: 'textarea', name: 'message', label: 'Message', required: true, width: 100 },
      ],
      submitButtonLabel: 'Send',
      confirmationType: 'message',
      confirmationMessage: lexicalFromLines(['Thank you! We will get back to you within two working days.']),
      emails: [
        {
          emailTo: DEMO_ADMIN_EMAIL,
          replyTo: '{{email}}',
          subject: 'Contact form: message from {{name}}',
          message: lexicalFromLines(['{{name}} ({{email}}) wrote:', '{{message}}']),
        },
        {
          emailTo: '{{email}}',
          subject: 'We received your message',
          message: lexicalFromLines(['Hello {{name}},', 'thank you for writing to Folio. We will answer within two working days.']),
        },
      ],
    } as never,
    context,
  })
  step('contact form')

  await payload.create({
    collection: PAGES,
    data: {
      title: 'Contact',
      slug: 'contact',
      _status: 'published',
      layout: [
        { blockType: 'richText', content: lexicalFromLines(['Questions about Folio, a demo for your team, or a bug to report: write to us and we answer within two working days.']) },
        { blockType: 'form', heading: 'Send us a message', form: contactForm.id },
      ],
    },
    context,
  })
  step('contact page')

  const { docs } = await payload.find({ collection: POSTS, where: { slug: { equals: 'introducing-folio' } }, limit: 1, depth: 0 })
  await payload.create({
    collection: REDIRECTS,
    data: { from: '/blog/hello-world', to: { type: 'reference', reference: { relationTo: POSTS, value: docs[0].id } }, type: '301' },
    context,
  })
  await payload.create({
    collection: REDIRECTS,
    data: { from: '/careers', to: { type: 'reference', reference: { relationTo: PAGES, value: team.id } }, type: '302' },
    context,
  })
  await payload.create({
    collection: REDIRECTS,
    data: { from: '/blog', to: { type: 'custom', url: '/posts' }, type: '301' },
    context,
  })
  step('redirects')
}
