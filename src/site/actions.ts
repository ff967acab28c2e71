'use server'

import { redirect } from 'next/navigation'

import { HONEYPOT_FIELD, TOKEN_FIELD } from '@/plugins/formBuilder/constants'
import { FIELD_PREFIX, FORM_STATUS_PARAM } from './formFields'
import { siteApi } from './siteApi'
import { siteLocale } from './siteLocale'
import { sitePath } from './sitePath'

/** A text field of the posted form; '' for a file or nothing. */
const text = (formData: FormData, name: string) => {
  const value = formData.get(name)
  return typeof value === 'string' ? value : ''
}

const back = (path: string, params: Record<string, string>) => {
  const url = new URL(path, 'http://site.invalid')
  url.searchParams.delete(FORM_STATUS_PARAM)
  url.searchParams.delete('message')
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  return `${url.pathname}${url.search}#contact-form`
}

/**
 * A visitor's form submission, posted without client code (a plain HTML form; Next.js runs this
 * action): sent to Folio's public API with the form token and the honeypot as the visitor filled
 * them, in the language of the page it was sent from (`?locale=de`), then back to that page
 * with the outcome (`?form=sent`, or `?form=error&message=…`).
 */
export async function submitForm(formData: FormData): Promise<void> {
  const path = sitePath(text(formData, 'path')).split('#')[0]
  const form = text(formData, 'formId')
  const submissionData: { field: string; value: string }[] = []
  for (const [name, value] of formData.entries()) {
    if (name.startsWith(FIELD_PREFIX) && typeof value === 'string') submissionData.push({ field: name.slice(FIELD_PREFIX.length), value })
  }
  const [{ post }, { code, t }] = await Promise.all([siteApi(), siteLocale()])
  const { status, body } = await post<{ errors?: { message?: string; data?: { errors?: { message?: string }[] } }[] }>(
    '/form-submissions',
    { form, [TOKEN_FIELD]: text(formData, TOKEN_FIELD), [HONEYPOT_FIELD]: text(formData, HONEYPOT_FIELD), submissionData },
    { locale: code },
  )
  if (status === 201) redirect(back(path, { [FORM_STATUS_PARAM]: 'sent' }))
  const first = body.errors?.[0]
  const message = first?.data?.errors?.[0]?.message || first?.message || t.notSent
  redirect(back(path, { [FORM_STATUS_PARAM]: 'error', message: status === 429 ? t.tooManyMessages(message) : message }))
}
