const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** A publication date as readers of a language read it: "November 26, 2026", "26. November 2026". */
export function formatDate(iso: string, locale: string): string {
  let format = dateFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
    dateFormats.set(locale, format)
  }
  return format.format(new Date(iso))
}
