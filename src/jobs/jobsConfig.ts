import type { Config, PayloadRequest } from 'payload'

import { hasRole } from '../access/roles'
import { sendEmailTask } from './sendEmailTask'

const isAdminRequest = ({ req }: { req: PayloadRequest }) => hasRole(req.user, 'admin')

/**
 * Payload's jobs queue. Jobs run in Folio's own runner (startBackgroundWork), not in Payload's
 * cron, so that scripts loading the config never pick up jobs. Only admins may run or queue jobs
 * over the API.
 */
export const jobsConfig: NonNullable<Config['jobs']> = {
  tasks: [sendEmailTask],
  deleteJobOnComplete: true,
  access: { run: isAdminRequest, queue: isAdminRequest, cancel: isAdminRequest },
}
