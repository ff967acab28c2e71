'use client'
import { Button, ConfigProvider, Drawer, PublishButton, toast, useConfig, useDocumentInfo, useLocale, useModal } from '@payloadcms/ui'
import type { ClientConfig } from 'payload'
import type React from 'react'
import { useCallback, useEffect, useMemo, useState } from 'react'

import { toLocalInput } from '../../lib/toLocalInput'
import { useApi } from '../../lib/useApi'

type Action = 'publish' | 'unpublish'
type Schedule = { id: string; action: Action; at: string; locale?: string }

/** The editor's own timezone, as the browser knows it: "Europe/Berlin (UTC+01:00)". */
function describeTimezone(at: Date = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const minutes = -at.getTimezoneOffset()
  const sign = minutes < 0 ? '-' : '+'
  const hours = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')
  const rest = String(Math.abs(minutes) % 60).padStart(2, '0')
  return `${zone} (UTC${sign}${hours}:${rest})`
}

const formatWhen = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * Publish or unpublish later, through Folio's schedule API (`/api/<collection>/<id>/schedule`): the
 * same rule as every other client (a time in the future, within five years), and its refusal shown
 * here, in the drawer, with nothing queued. The time is typed on the editor's own clock, whose
 * timezone the drawer names. A draft defaults to Publish; a published document with nothing newer
 * to Unpublish.
 */
function ScheduleDrawer({ slug, collectionSlug, id, defaultAction }: { slug: string; collectionSlug: string; id: string; defaultAction: Action }) {
  const api = useApi()
  const {
    config: { localization },
  } = useConfig()
  const locale = useLocale()
  const [action, setAction] = useState<Action>(defaultAction)
  const [when, setWhen] = useState('')
  const [language, setLanguage] = useState('all')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [upcoming, setUpcoming] = useState<Schedule[] | null>(null)
  const base = `/${collectionSlug}/${id}/schedule`
  const languages = localization ? localization.locales.map(({ code, label }) => ({ code, label: typeof label === 'string' ? label : (label?.[locale.code] ?? code) })) : []

  const refresh = useCallback(async () => {
    // Set in the answer's callback, when it arrives: never while the effect that reads it runs.
    await api<{ upcoming: Schedule[] }>(base).then((result) => {
      if (result.ok) setUpcoming(result.data.upcoming)
      else setProblem(result.message)
    })
  }, [api, base])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const save = async () => {
    setProblem(null)
    if (!when) {
      setProblem('Choose a date and time.')
      return
    }
    const at = new Date(when)
    if (Number.isNaN(at.getTime())) {
      setProblem('That is not a date and time.')
      return
    }
    setBusy(true)
    const result = await api<Schedule>(base, {
      method: 'POST',
      body: { action, at: at.toISOString(), ...(action === 'publish' && language !== 'all' ? { locale: language } : {}) },
    })
    setBusy(false)
    if (!result.ok) {
      setProblem(result.message)
      toast.error(result.message)
      return
    }
    toast.success(`Scheduled to ${result.data.action} on ${formatWhen(result.data.at)}`)
    setWhen('')
    await refresh()
  }

  const cancel = async (schedule: Schedule) => {
    setBusy(true)
    const result = await api<{ upcoming: Schedule[] }>(`${base}/${schedule.id}`, { method: 'DELETE' })
    setBusy(false)
    if (result.ok) {
      setUpcoming(result.data.upcoming)
      toast.success(`Cancelled: ${schedule.action} on ${formatWhen(schedule.at)}`)
    } else {
      toast.error(result.message)
    }
  }

  return (
    <Drawer slug={slug} title="Schedule" className="folio-schedule">
      <div data-testid="schedule-drawer" style={{ display: 'grid', gap: 'var(--base)', maxWidth: '36rem' }}>
        <fieldset style={{ border: 0, padding: 0, margin: 0, display: 'flex', gap: 'var(--base)' }}>
          <legend className="field-label">Action</legend>
          {(['publish', 'unpublish'] as const).map((choice) => (
            <label key={choice} style={{ display: 'flex', gap: '6px', alignItems: 'center' }}>
              <input type="radio" name="schedule-action" value={choice} checked={action === choice} onChange={() => setAction(choice)} disabled={busy} />
              {choice === 'publish' ? 'Publish' : 'Unpublish'}
            </label>
          ))}
        </fieldset>
        <label style={{ display: 'grid', gap: '4px' }}>
          <span className="field-label">Date and time</span>
          <input
            type="datetime-local"
            name="schedule-at"
            value={when}
            min={toLocalInput(new Date())}
            onChange={(event) => setWhen(event.target.value)}
            disabled={busy}
            style={{ padding: '8px', maxWidth: '16rem' }}
          />
          <span className="field-description" data-testid="schedule-timezone">
            In your timezone: {describeTimezone(when ? new Date(when) : undefined)}
          </span>
        </label>
        {action === 'publish' && languages.length > 1 && (
          <label style={{ display: 'grid', gap: '4px' }}>
            <span className="field-label">Languages</span>
            <select name="schedule-locale" value={language} onChange={(event) => setLanguage(event.target.value)} disabled={busy} style={{ padding: '8px', maxWidth: '16rem' }}>
              <option value="all">Every language</option>
              {languages.map(({ code, label }) => (
                <option key={code} value={code}>
                  {label} only
                </option>
              ))}
            </select>
          </label>
        )}
        {problem && (
          <p role="alert" data-testid="schedule-problem" style={{ color: 'var(--theme-error-500)', margin: 0 }}>
            {problem}
          </p>
        )}
        <div>
          <Button buttonStyle="primary" size="medium" disabled={busy} onClick={() => void save()} id="folio-schedule-save">
            {action === 'publish' ? 'Schedule publish' : 'Schedule unpublish'}
          </Button>
        </div>
        <section>
          <h4>Upcoming</h4>
          {upcoming === null && <p>Loading…</p>}
          {upcoming?.length === 0 && <p data-testid="schedule-none">Nothing scheduled.</p>}
          {upcoming && upcoming.length > 0 && (
            <ul data-testid="schedule-upcoming" style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: '6px' }}>
              {upcoming.map((schedule) => (
                <li key={schedule.id} style={{ display: 'flex', gap: '8px', alignItems: 'center' }}>
                  <span>
                    {schedule.action === 'publish' ? 'Publish' : 'Unpublish'}
                    {schedule.locale ? ` (${schedule.locale})` : ''} on {formatWhen(schedule.at)}
                  </span>
                  <Button buttonStyle="subtle" size="small" disabled={busy} onClick={() => void cancel(schedule)}>
                    Cancel
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Drawer>
  )
}

/**
 * The document's Publish button (Payload's, without its own Schedule entry, whose drawer cannot show
 * a refusal or the timezone) and Folio's Schedule button beside it.
 */
export default function FolioPublishButton(): React.ReactElement {
  const { config } = useConfig()
  const { id, collectionSlug, hasPublishPermission, hasPublishedDoc, unpublishedVersionCount } = useDocumentInfo()
  const { openModal } = useModal()
  const withoutPayloadSchedule = useMemo<ClientConfig>(
    () => ({
      ...config,
      collections: config.collections.map((collection) =>
        collection.slug === collectionSlug && collection.versions && typeof collection.versions.drafts === 'object'
          ? { ...collection, versions: { ...collection.versions, drafts: { ...collection.versions.drafts, schedulePublish: false } } }
          : collection,
      ),
    }),
    [config, collectionSlug],
  )
  const slug = `folio-schedule-${id ?? 'new'}`
  const canSchedule = Boolean(hasPublishPermission && id && collectionSlug)
  const defaultAction: Action = hasPublishedDoc && !unpublishedVersionCount ? 'unpublish' : 'publish'
  return (
    <>
      <ConfigProvider config={withoutPayloadSchedule}>
        <PublishButton />
      </ConfigProvider>
      {canSchedule && (
        <>
          <Button buttonStyle="secondary" size="medium" id="folio-schedule" onClick={() => openModal(slug)} margin={false}>
            Schedule…
          </Button>
          <ScheduleDrawerWhenOpen slug={slug} collectionSlug={collectionSlug!} id={String(id)} defaultAction={defaultAction} />
        </>
      )}
    </>
  )
}

/** The drawer, mounted while it is open (so each opening reads the schedule afresh). */
function ScheduleDrawerWhenOpen(props: { slug: string; collectionSlug: string; id: string; defaultAction: Action }) {
  const { isModalOpen } = useModal()
  return isModalOpen(props.slug) ? <ScheduleDrawer {...props} /> : null
}
