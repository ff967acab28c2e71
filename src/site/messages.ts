/** The website's own words around the content (its chrome), in each language it has them in. */
export type Messages = {
  skipToContent: string
  mainNavigation: string
  languageNavigation: string
  blog: string
  allPosts: string
  backToPosts: string
  categoriesNavigation: string
  noPosts: string
  byAuthors: (names: string) => string
  pagesNavigation: string
  newer: string
  older: string
  pageOf: (page: number, total: number) => string
  breadcrumb: string
  search: string
  searchLabel: string
  searchButton: string
  nothingFound: (q: string) => string
  resultsFound: (count: string, total: number, q: string) => string
  notFoundTitle: string
  notFoundText: string
  homePage: string
  searchTheSite: string
  choose: string
  leaveEmpty: string
  sent: string
  send: string
  notSent: string
  tooManyMessages: (message: string) => string
  preview: string
  previewText: string
  exitPreview: string
}

const en: Messages = {
  skipToContent: 'Skip to content',
  mainNavigation: 'Main',
  languageNavigation: 'Language',
  blog: 'Blog',
  allPosts: 'All posts',
  backToPosts: '← All posts',
  categoriesNavigation: 'Categories',
  noPosts: 'No posts here yet.',
  byAuthors: (names) => ` · by ${names}`,
  pagesNavigation: 'Pages',
  newer: '← Newer',
  older: 'Older →',
  pageOf: (page, total) => `Page ${page} of ${total}`,
  breadcrumb: 'Breadcrumb',
  search: 'Search',
  searchLabel: 'Search posts and pages',
  searchButton: 'Search',
  nothingFound: (q) => `Nothing found for “${q}”.`,
  resultsFound: (count, total, q) => `${count} result${total === 1 ? '' : 's'} for “${q}”.`,
  notFoundTitle: 'Page not found',
  notFoundText: 'There is nothing at this address. It may have moved, or the link may be mistyped.',
  homePage: 'Home page',
  searchTheSite: 'Search the site',
  choose: 'Choose…',
  leaveEmpty: 'Leave this empty',
  sent: 'Thank you, your message was sent.',
  send: 'Send',
  notSent: 'The message could not be sent; please try again.',
  tooManyMessages: (message) => `Too many messages from your address: ${message}`,
  preview: 'Preview',
  previewText: ': you are seeing drafts. ',
  exitPreview: 'Exit preview',
}

const de: Messages = {
  skipToContent: 'Zum Inhalt springen',
  mainNavigation: 'Hauptmenü',
  languageNavigation: 'Sprache',
  blog: 'Blog',
  allPosts: 'Alle Beiträge',
  backToPosts: '← Alle Beiträge',
  categoriesNavigation: 'Kategorien',
  noPosts: 'Hier gibt es noch keine Beiträge.',
  byAuthors: (names) => ` · von ${names}`,
  pagesNavigation: 'Seiten',
  newer: '← Neuere',
  older: 'Ältere →',
  pageOf: (page, total) => `Seite ${page} von ${total}`,
  breadcrumb: 'Brotkrümelnavigation',
  search: 'Suche',
  searchLabel: 'Beiträge und Seiten durchsuchen',
  searchButton: 'Suchen',
  nothingFound: (q) => `Nichts gefunden für „${q}“.`,
  resultsFound: (count, total, q) => `${count} ${total === 1 ? 'Ergebnis' : 'Ergebnisse'} für „${q}“.`,
  notFoundTitle: 'Seite nicht gefunden',
  notFoundText: 'Unter dieser Adresse gibt es nichts. Vielleicht ist die Seite umgezogen, oder der Link enthält einen Tippfehler.',
  homePage: 'Startseite',
  searchTheSite: 'Website durchsuchen',
  choose: 'Bitte wählen…',
  leaveEmpty: 'Bitte leer lassen',
  sent: 'Danke, Ihre Nachricht wurde gesendet.',
  send: 'Senden',
  notSent: 'Die Nachricht konnte nicht gesendet werden; bitte versuchen Sie es noch einmal.',
  tooManyMessages: (message) => `Zu viele Nachrichten von Ihrer Adresse: ${message}`,
  preview: 'Vorschau',
  previewText: ': Sie sehen Entwürfe. ',
  exitPreview: 'Vorschau beenden',
}

const MESSAGES: Record<string, Messages> = { en, de }

/**
 * The chrome's words in a language (`de-AT` takes `de`'s); English for a language the site has
 * none for yet, while the content itself is still read in that language.
 */
export function messagesFor(locale: string): Messages {
  return MESSAGES[locale] ?? MESSAGES[locale.split('-')[0]] ?? en
}
