import type { Metadata } from 'next'
import type React from 'react'

import { PreviewBanner } from '@/site/components/PreviewBanner'
import { linkHref, siteSettings } from '@/site/content'
import { siteApi } from '@/site/siteApi'
import { siteURL } from '@/site/siteURL'
import './site.css'

export async function generateMetadata(): Promise<Metadata> {
  const settings = await siteSettings()
  return {
    metadataBase: new URL(siteURL()),
    title: { default: settings.siteName, template: `%s | ${settings.siteName}` },
    description: settings.tagline ?? undefined,
    alternates: { types: { 'application/rss+xml': '/feed.xml' } },
    // Folio's icon, one file for the site and the admin (public/).
    icons: { icon: [{ url: '/folio-icon.svg', type: 'image/svg+xml' }] },
  }
}

/** The reference website's frame: site name, tagline and navigation from the site settings. */
export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const [settings, { preview }] = await Promise.all([siteSettings(), siteApi()])
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {preview ? <PreviewBanner /> : null}
        <header className="site-header">
          <div className="wrap header-row">
            <p className="site-name">
              <a href="/">{settings.siteName}</a>
              {settings.tagline ? <span className="tagline">{settings.tagline}</span> : null}
            </p>
            <nav aria-label="Main">
              <ul>
                {(settings.navigation ?? []).map(({ link, id }) => {
                  const href = linkHref(link)
                  return href ? (
                    <li key={id ?? href}>
                      <a href={href}>{link.label}</a>
                    </li>
                  ) : null
                })}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" className="wrap">
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            <p>
              {settings.siteName}
              {settings.tagline ? ` — ${settings.tagline}` : ''} · <a href="/feed.xml">RSS</a> · <a href="/sitemap.xml">Sitemap</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  )
}
