import type { Form, FormBlock } from '@payload-types'
import { HONEYPOT_FIELD, TOKEN_FIELD } from '@/plugins/formBuilder/constants'
import { plainTextFromLexical } from '@/lib/plainTextFromLexical'
import { submitForm } from '../actions'
import { formToken } from '../content'
import { FIELD_PREFIX, FORM_STATUS_PARAM } from '../formFields'
import type { Messages } from '../messages'
import { siteLocale } from '../siteLocale'

type Props = { block: FormBlock; path: string; searchParams: Record<string, string | string[] | undefined> }
type FormField = NonNullable<Form['fields']>[number]

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

function Field({ field, t }: { field: FormField; t: Messages }) {
  if (field.blockType === 'message') return <p>{plainTextFromLexical(field.message)}</p>
  const id = `form-${field.name}`
  const label = field.label || field.name
  const common = { id, name: `${FIELD_PREFIX}${field.name}`, required: Boolean(field.required) }
  const width = field.width && field.width < 100 ? 'field half' : 'field'
  switch (field.blockType) {
    case 'textarea':
      return (
        <p className={width}>
          <label htmlFor={id}>{label}</label>
          <textarea {...common} rows={6} defaultValue={field.defaultValue ?? undefined} />
        </p>
      )
    case 'select':
      return (
        <p className={width}>
          <label htmlFor={id}>{label}</label>
          <select {...common} defaultValue={field.defaultValue ?? ''}>
            <option value="">{t.choose}</option>
            {(field.options ?? []).map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </p>
      )
    case 'checkbox':
      return (
        <p className={`${width} checkbox`}>
          <input type="checkbox" {...common} value="true" defaultChecked={Boolean(field.defaultValue)} />
          <label htmlFor={id}>{label}</label>
        </p>
      )
    default:
      return (
        <p className={width}>
          <label htmlFor={id}>{label}</label>
          <input type={field.blockType === 'email' ? 'email' : 'text'} autoComplete={field.blockType === 'email' ? 'email' : field.name === 'name' ? 'name' : undefined} {...common} defaultValue={'defaultValue' in field ? (field.defaultValue ?? undefined) : undefined} />
        </p>
      )
  }
}

/**
 * A form of Folio's form builder as a plain HTML form (no client code): a fresh one-use token,
 * the honeypot off-screen, and the outcome of the last submission (`?form=sent|error`) above it.
 * Labels, button and confirmation come in the page's language (the form is read in it); `path`
 * is the page's address in it, where the submission comes back to.
 */
export async function ContactForm({ block, path, searchParams }: Props) {
  const form = block.form
  if (!form || typeof form !== 'object') return null
  const { t } = await siteLocale()
  const status = first(searchParams[FORM_STATUS_PARAM])
  if (status === 'sent') {
    return (
      <section id="contact-form" className="form-section">
        {block.heading ? <h2>{block.heading}</h2> : null}
        <p className="notice success" role="status">
          {plainTextFromLexical(form.confirmationMessage) || t.sent}
        </p>
      </section>
    )
  }
  const token = await formToken(form.id)
  return (
    <section id="contact-form" className="form-section">
      {block.heading ? <h2>{block.heading}</h2> : null}
      {status === 'error' ? (
        <p className="notice error" role="alert">
          {first(searchParams.message) || t.notSent}
        </p>
      ) : null}
      <form action={submitForm} className="form">
        <input type="hidden" name="formId" value={form.id} />
        <input type="hidden" name={TOKEN_FIELD} value={token ?? ''} />
        <input type="hidden" name="path" value={path} />
        <p className="honeypot" aria-hidden="true">
          <label htmlFor="form-website">{t.leaveEmpty}</label>
          <input id="form-website" type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
        </p>
        {(form.fields ?? []).map((field, index) => (
          <Field key={field.id ?? index} field={field} t={t} />
        ))}
        <p>
          <button type="submit" className="button">
            {form.submitButtonLabel || t.send}
          </button>
        </p>
      </form>
    </section>
  )
}
