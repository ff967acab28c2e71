import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { Categories } from './collections/Categories'
import { folders } from './collections/folders'
import { Media } from './collections/Media'
import { Pages } from './collections/Pages'
import { Posts } from './collections/Posts'
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from './collections/seed/fixtures'
import { hasDemoAdmin } from './collections/seed/hasDemoAdmin'
import { seedIfEmpty } from './collections/seed/seedIfEmpty'
import { readSiteName, SiteSettings } from './collections/SiteSettings'
import { describeDocuments, HOME_PAGE_SLUG } from './collections/content/describeDocuments'
import { queryPresets } from './collections/content/queryPresets'
import { Users } from './collections/Users'
import { CATEGORIES, MEDIA, PAGES, POSTS, USERS } from './collections/slugs'
import { databaseAdapter } from '@/db/databaseAdapter'
import { answerErrors } from '@/errors/answerErrors'
import { emailAdapter } from '@/email/emailAdapter'
import { jobsConfig } from '@/jobs/jobsConfig'
import { accountProtection } from '@/plugins/accountProtection'
import { auditLog, recordAuditEvent } from '@/plugins/auditLog'
import { BACKUPS, backups } from '@/plugins/backups'
import { FORM_SUBMISSIONS, formBuilder } from '@/plugins/formBuilder'
import { importExport } from '@/plugins/importExport'
import { livePreview } from '@/plugins/livePreview'
import { untitledDrafts } from '@/plugins/untitledDrafts'
import { nestedPages } from '@/plugins/nestedPages'
import { openapi } from '@/plugins/openapi'
import { FOLIO_VERSION } from '@/lib/folioVersion'
import { localizationConfig } from '@/lib/locales'
import { redirects } from '@/plugins/redirects'
import { scheduledPublishing } from '@/plugins/scheduledPublishing'
import { search } from '@/plugins/search'
import { SEARCH } from '@/plugins/search/constants'
import { seo } from '@/plugins/seo'
import { queryLimits } from '@/plugins/queryLimits'
import { strictInput } from '@/plugins/strictInput'
import { strictQuery } from '@/plugins/strictQuery'
import { webhooks } from '@/plugins/webhooks'
import { WEBHOOK_DELIVERIES, WEBHOOK_EVENTS, WEBHOOK_STREAMS, WEBHOOK_SUCCESSORS } from '@/plugins/webhooks/constants'
import { withDemoSeed } from '@/lib/demoSeed'
import { MAX_DEPTH } from '@/lib/queryLimits'
import { createRateLimits } from '@/rateLimits/createRateLimits'
import { readSettings } from '@/settings'
import { s3ClientConfig } from '@/images/imageSources'
import { s3Storage } from '@payloadcms/storage-s3'

const projectRoot = path.dirname(fileURLToPath(import.meta.url))
const settings = readSettings()
const rateLimits = createRateLimits(settings.rateLimits)

export default buildConfig(withDemoSeed({
  secret: settings.payloadSecret,
  serverURL: settings.serverURL,
  csrf: settings.trustedOrigins,
  cors: settings.corsOrigins,
  admin: {
    user: Users.slug,
    // Gravatar would call out to the internet from every editor's browser.
    avatar: 'default',
    meta: { titleSuffix: ' · Folio', icons: [{ rel: 'icon', type: 'image/svg+xml', url: '/folio-icon.svg' }] },
    components: {
      graphics: {
        Logo: '/admin/components/FolioLogo',
        Icon: '/admin/components/FolioIcon',
      },
      beforeDashboard: ['/admin/components/FolioDashboard'],
    },
    importMap: {
      baseDir: projectRoot,
      importMapFile: path.resolve(projectRoot, 'src/app/(payload)/admin/importMap.js'),
    },
  },
  collections: [Users, Media({ mediaDir: settings.mediaDir, images: settings.images, s3: settings.s3 }), Categories, Posts, Pages],
  globals: [SiteSettings],
  folders,
  queryPresets,
  localization: localizationConfig(settings.locales),
  editor: lexicalEditor(),
  db: databaseAdapter(settings),
  sharp,
  maxDepth: MAX_DEPTH,
  // JSON lines for log collectors; Payload's readable default otherwise.
  logger: settings.logFormat === 'json' ? { options: { level: settings.logLevel } } : undefined,
  // A refused request is the client's mistake, not a server error.
  loggingLevels: {
    AuthenticationError: 'info',
    Forbidden: 'info',
    LockedAuth: 'info',
    NotFound: 'info',
    QueryError: 'info',
    ValidationError: 'info',
    UnverifiedEmail: 'info',
    // Folio's own refusals (src/errors/ClientError); Payload types only its own error names here.
    ...({ ClientError: 'info' } as object),
    // Thrown by custom endpoints when signed out; Payload's type lacks its name.
    ...({ UnauthorizedError: 'info' } as object),
    MissingFile: 'info',
    // A client that hung up while its request was read.
    ...({ AbortError: 'info' } as object),
    FileUploadError: 'info',
  },
  upload: {
    limits: { fileSize: settings.uploadMaxBytes },
  },
  // Client faults answered with their 4xx, and a stable code on every error.
  hooks: { afterError: [answerErrors] },
  graphQL: {
    maxComplexity: 1000,
    disablePlaygroundInProduction: true,
  },
  email: emailAdapter(settings.email),
  jobs: jobsConfig,
  plugins: [
    // Uploads in a bucket when S3_BUCKET is set. Its fields are in the schema either way, so the
    // types and the admin are the same with and without it.
    s3Storage({
      enabled: Boolean(settings.s3),
      alwaysInsertFields: true,
      bucket: settings.s3?.bucket ?? '',
      collections: { [MEDIA]: true },
      config: settings.s3 ? s3ClientConfig(settings.s3) : {},
    }),
    nestedPages({ collections: [PAGES], homeSlug: HOME_PAGE_SLUG }),
    openapi({
      title: 'Folio API',
      version: FOLIO_VERSION,
      description: "Folio's content API: Payload's REST routes for every collection and global, and Folio's own (search, form tokens, redirects, schedules, webhooks).",
      serverURL: settings.serverURL,
      exclude: ['exports', 'imports', BACKUPS],
    }),
    seo({ collections: [POSTS, PAGES], describe: describeDocuments, uploadsCollection: MEDIA, siteName: readSiteName, frontendURL: settings.frontendURL }),
    redirects({ collections: [POSTS, PAGES], describe: describeDocuments }),
    scheduledPublishing({ collections: [POSTS, PAGES] }),
    livePreview({ collections: [POSTS, PAGES], describe: describeDocuments, frontendURL: settings.previewBaseURL }),
    untitledDrafts({ collections: [POSTS, PAGES] }),
    search({ collections: [POSTS, PAGES], describe: describeDocuments }),
    formBuilder({ ...settings.forms, rateLimiter: rateLimits.formSubmissionsPerAddress, redirectTo: [PAGES] }),
    webhooks({
      collections: [POSTS, PAGES, CATEGORIES, MEDIA],
      submissions: FORM_SUBMISSIONS,
      ...settings.webhooks,
      onSecurityEvent: recordAuditEvent,
    }),
    // Exports and imports are recorded in the audit log (who took a copy of what).
    importExport({ exportFrom: [POSTS, PAGES, CATEGORIES, FORM_SUBMISSIONS], importInto: [POSTS, PAGES, CATEGORIES], mediaDir: settings.mediaDir }),
    // BACKUP_SCHEDULE: archives in BACKUP_DIR, the BACKUP_KEEP newest kept, every run listed for admins.
    backups({
      databaseUri: settings.mongodbUri,
      schedule: settings.backups.schedule,
      dir: settings.backups.dir,
      keep: settings.backups.keep,
      passphrase: settings.backups.passphrase,
      mediaDir: settings.s3 ? undefined : settings.mediaDir,
      mediaExcludedReason: settings.s3 ? `uploads are in the S3 bucket ${settings.s3.bucket}; back it up on its own` : undefined,
      usersCollection: USERS,
      onEvent: recordAuditEvent,
    }),
    // After the plugins that add collections, so it records their changes too; not the search
    // index (derived from posts and pages), the webhook delivery log nor the list of backups
    // (Folio's own bookkeeping; backups are recorded as events of their own).
    auditLog({
      usersCollection: USERS,
      exclude: [SEARCH, WEBHOOK_EVENTS, WEBHOOK_DELIVERIES, WEBHOOK_STREAMS, WEBHOOK_SUCCESSORS, BACKUPS],
      // Checked at start-up for changes a crash left without their entry.
      reconcile: [POSTS, PAGES, CATEGORIES, MEDIA, FORM_SUBMISSIONS],
      retentionMs: settings.auditLog.retentionMs,
    }),
    // After the audit log, so a throttled sign-in is noted before it is refused.
    accountProtection({ rateLimits, collection: USERS }),
    // Last, so they cover the collections plugins add.
    // The form builder checks submissions' values against their form itself.
    strictInput({ valuesCheckedElsewhere: [FORM_SUBMISSIONS] }),
    strictQuery(),
    queryLimits(),
  ],
  telemetry: false,
  typescript: {
    outputFile: path.resolve(projectRoot, 'payload-types.ts'),
    // The types stand alone, so a frontend can use them without Payload installed; Folio's own
    // code tells Payload about them in src/payloadTypes.d.ts.
    declare: false,
    // `npm run generate` writes them and `npm run check:generated` holds them to the config; a
    // server (a test's, or npm run dev) writing them at start would rewrite them from its own settings.
    autoGenerate: false,
  },
}, {
  // What `npm start` writes into an empty database.
  seedIfEmpty,
  hasDemoAdmin,
  login: { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD },
}))
