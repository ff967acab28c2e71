const dateFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })

/** A publication date as readers read it: "26 November 2026". */
export const formatDate = (iso: string) => dateFormat.format(new Date(iso))
