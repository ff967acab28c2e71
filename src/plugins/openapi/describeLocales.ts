import type { Payload } from 'payload'

type Parameter = { in?: string; name?: string; schema?: Record<string, unknown>; description?: string }
type Spec = { paths?: Record<string, Record<string, unknown>> }

/**
 * payload-oapi describes `locale` and `fallback-locale` as any string; Folio refuses a language it
 * does not have, so the document lists the ones it has.
 */
export function describeLocales(payload: Payload, spec: Spec): void {
  const localization = payload.config.localization
  if (!localization) return
  const codes = localization.localeCodes
  for (const item of Object.values(spec.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const parameter of (operation as { parameters?: Parameter[] } | undefined)?.parameters ?? []) {
        if (parameter.in !== 'query') continue
        if (parameter.name === 'locale') {
          parameter.schema = { type: 'string', enum: [...codes, 'all'], default: localization.defaultLocale }
          parameter.description = `The language to read or write (${codes.join(', ')}); \`all\` reads every language's values, keyed by locale.`
        } else if (parameter.name === 'fallback-locale') {
          parameter.schema = { type: 'string', enum: [...codes, 'none'], default: localization.defaultLocale }
          parameter.description = 'The language an untranslated field is read in; `none` leaves it empty.'
        }
      }
    }
  }
}
