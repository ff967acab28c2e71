
import type { Page } from '@payload-types'
import { isMedia, localLinkHref } from '../content'
import { ContactForm } from './ContactForm'
import { Picture } from './Picture'
import { RichText } from './RichText'

type Block = NonNullable<Page['layout']>[number]
type LinkValue = { label?: string | null; type?: 'url' | 'page' | null; url?: string | null; page?: string | Page | null; newTab?: boolean | null }

/** A link of a hero or call to action, leading to its target in the page's language. */
async function SiteLink({ link, className }: { link: LinkValue; className?: string }) {
  const href = await localLinkHref(link)
  if (!href || !link.label) return null
  const extra = link.newTab ? { target: '_blank', rel: 'noopener noreferrer' } : {}
  return (
    <a href={href} className={className} {...extra}>
      {link.label}
    </a>
  )
}

/** A page's layout, block by block; the first block's image is the one that loads first. `path` is the page's address in its language. */
export function Blocks({ blocks, path, searchParams }: { blocks: Block[]; path: string; searchParams: Record<string, string | string[] | undefined> }) {
  return (
    <>
      {blocks.map((block, index) => {
        const key = block.id ?? `${block.blockType}-${index}`
        switch (block.blockType) {
          case 'hero':
            return (
              <section key={key} className="hero">
                <div className="hero-text">
                  {index === 0 ? <h1>{block.heading}</h1> : <h2>{block.heading}</h2>}
                  {block.subheading ? <p className="lead">{block.subheading}</p> : null}
                  {block.cta?.label ? <SiteLink link={block.cta} className="button" /> : null}
                </div>
                {isMedia(block.image) ? (
                  <Picture media={block.image} sizes="(min-width: 960px) 480px, 100vw" priority={index === 0} className="hero-image" />
                ) : null}
              </section>
            )
          case 'richText':
            return <RichText key={key} html={block.contentHtml} />
          case 'media':
            return isMedia(block.media) ? (
              <figure key={key} className="figure">
                <Picture media={block.media} sizes="(min-width: 800px) 760px, 100vw" priority={index === 0} />
                {block.caption ? <figcaption>{block.caption}</figcaption> : null}
              </figure>
            ) : null
          case 'callToAction':
            return (
              <section key={key} className="cta">
                <h2>{block.heading}</h2>
                {block.text ? <p>{block.text}</p> : null}
                <p className="cta-links">
                  {(block.links ?? []).map(({ link, id }, n) => (
                    <SiteLink key={id ?? n} link={link} className={n === 0 ? 'button' : 'button secondary'} />
                  ))}
                </p>
              </section>
            )
          case 'form':
            return <ContactForm key={key} block={block} path={path} searchParams={searchParams} />
          default:
            return null
        }
      })}
    </>
  )
}
