import type { LocalizationConfig } from 'payload'

import type { LocaleSettings } from '@/settings'

/** A language's name in itself, as a language switch shows it: "English", "Deutsch". */
export function localeLabel(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1)
  } catch {
    return code
  }
}

/**
 * Payload's localization from LOCALES: every language an editor can write in, the first the
 * default. A field not yet translated reads as the default language's (`fallback`).
 */
export function localizationConfig({ codes, defaultLocale }: LocaleSettings): LocalizationConfig {
  return {
    locales: codes.map((code) => ({ code, label: localeLabel(code) })),
    defaultLocale,
    fallback: true,
  }
}
