import type { Migration } from 'payload'

import * as localizeContent from './20261127_localize_content'
import * as homePagePath from './20261129_home_page_path'
import * as submitterContacts from './20261128_submitter_contacts'

/**
 * Folio's migrations, oldest first. Each runs once per database (Payload records it in
 * `payload-migrations`): at every start before the server answers, and with `npm run migrate`.
 */
export const migrations: Migration[] = [
  migration('20261127_localize_content', localizeContent),
  migration('20261128_submitter_contacts', submitterContacts),
  migration('20261129_home_page_path', homePagePath),
]

/** Payload's Migration type takes `unknown` arguments; the adapter passes MongoDB's. */
function migration(name: string, { up, down }: { up: (args: never) => Promise<void>; down: (args: never) => Promise<void> }): Migration {
  return { name, up: up as Migration['up'], down: down as Migration['down'] }
}
