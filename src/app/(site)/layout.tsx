import type { Metadata } from 'next'
import type React from 'react'

import { LanguageSwitch } from '@/site/components/LanguageSwitch'
import { PreviewBanner } from '@/site/components/PreviewBanner'
import { localLinkHref, siteSettings } from '@/site/content'
import { openGraphLocale } from '@/site/metadata'
import { siteApi } from '@/site/siteApi'
import { siteLocale } from '@/site/siteLocale'
import { siteURL } from '@/site/siteURL'
import './site.css'

export async function generateMetadata(): Promise<Metadata> {
  const [settings, { code, href }] = await Promise.all([siteSettings(), siteLocale()])
  return {
    metadataBase: new URL(siteURL()),
    title: { default: settings.siteName, template: `%s | ${settings.siteName}` },
    description: settings.tagline ?? undefined,
    alternates: { types: { 'application/rss+xml': href('/feed.xml') } },
    openGraph: { locale: openGraphLocale(code), siteName: settings.siteName },
    // Folio's icon, one file for the site and the admin (public/).
    icons: { icon: [{ url: '/folio-icon.svg', type: 'image/svg+xml' }] },
  }
}

/** The navigation's links on the page's language's site (src/site/addresses.ts: `/about` is `/de/ueber-uns` there). */
async function Navigation({ label }: { label: string }) {
  const settings = await siteSettings()
  const links = await Promise.all((settings.navigation ?? []).map(async ({ link, id }) => ({ id, label: link.label, href: await localLinkHref(link) })))
  return (
    <nav aria-label={label}>
      <ul>
        {links.map(({ id, label: text, href }) =>
          href ? (
            <li key={id ?? href}>
              <a href={href}>{text}</a>
            </li>
          ) : null,
        )}
      </ul>
    </nav>
  )
}

/**
 * The reference website's frame: site name, tagline and navigation from the site settings, and
 * the language switch, all in the page's language (`<html lang>`).
 */
export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const [settings, { preview }, { code, href, t }] = await Promise.all([siteSettings(), siteApi(), siteLocale()])
  return (
    <html lang={code}>
      <body>
        <a href="#main" className="skip-link">
          {t.skipToContent}
        </a>
        {preview ? <PreviewBanner /> : null}
        <header className="site-header">
          <div className="wrap header-row">
            <p className="site-name">
              <a href={href('/')}>{settings.siteName}</a>
              {settings.tagline ? <span className="tagline">{settings.tagline}</span> : null}
            </p>
            <Navigation label={t.mainNavigation} />
            <LanguageSwitch />
          </div>
        </header>
        <main id="main" className="wrap">
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            <p>
              {settings.siteName}
              {settings.tagline ? ` — ${settings.tagline}` : ''} · <a href={href('/feed.xml')}>RSS</a> · <a href="/sitemap.xml">Sitemap</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  )
}
