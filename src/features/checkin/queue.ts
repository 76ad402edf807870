/**
 * The durable check-in queue's rules, platform-free: which failures are worth
 * retrying, how long to wait, how long history is kept, and the record kept
 * in encrypted storage.
 */
import type { ErrorCode, SerializedError } from '../../core/errors'
import type { Identity, VenueRef } from '../../core/model'

/** History is deleted after this long (stated on the check-in pages). */
export const HISTORY_DAYS = 21
export const HISTORY_MS = HISTORY_DAYS * 24 * 3_600_000
/** First retry after this long, then doubling. */
export const RETRY_BASE_MS = 2_000
/** Retries never wait longer than this. */
export const RETRY_CAP_MS = 5 * 60_000
/** The encrypted-storage key of {@link SavedCheckIns}. */
export const STORAGE_KEY = 'checkins.v1'

/** A check-in not yet acknowledged by its province. Kept until it is. */
export interface PendingCheckIn {
  idempotencyKey: string
  venue: VenueRef
  at: number
  /** Who checked in; needed to retry after a restart, never leaves the device beyond the plugin's declared fields. */
  person: Identity
  attempts: number
  nextAttemptAt: number
  lastError?: SerializedError
}

export type CheckInStatus = 'sent' | 'queued' | 'failed'

/** One line of the traveller's check-in history (no identity in it). */
export interface CheckInRecord {
  idempotencyKey: string
  venue: VenueRef
  at: number
  status: CheckInStatus
  receiptId?: string
  error?: SerializedError
}

export interface SavedCheckIns {
  pending: PendingCheckIn[]
  history: CheckInRecord[]
}

/** Answers that will not change on retry: the province or the app said no. */
const REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NP_ERR_BACKEND',
  'NP_ERR_CONSENT_REQUIRED',
  'NP_ERR_PLUGIN_UNKNOWN',
  'NP_ERR_PLUGIN_UNSUPPORTED',
  'NP_ERR_VALIDATION',
])

/**
 * Whether a failed check-in is worth retrying. Everything is, except a
 * refusal (unknown venue, no consent, no such plugin) or an HTTP 4xx other
 * than 408/429: losing a check-in is worse than one more request.
 */
export function isTransient(error: SerializedError): boolean {
  if (REFUSALS.has(error.code)) return false
  if (error.code === 'NP_ERR_HTTP_STATUS') {
    const status = Number(error.params?.status ?? /HTTP (\d{3})/.exec(error.message)?.[1])
    return !(status >= 400 && status < 500) || status === 429 || status === 408
  }
  return true
}

/** The wait before attempt `attempts + 1`: 2 s, 4 s, 8 s … capped at {@link RETRY_CAP_MS}. */
export function backoffMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS)
}

/** History younger than {@link HISTORY_MS} at `now`. */
export function pruneHistory(history: readonly CheckInRecord[], now: number): CheckInRecord[] {
  return history.filter((h) => now - h.at < HISTORY_MS)
}

/** Each pending check-in is stored on its own under this prefix + its key, so one damaged record loses no other. */
export const PENDING_PREFIX = `${STORAGE_KEY}.pending.`
/** A second copy of the pending keys, in case the history record itself is damaged. */
export const PENDING_KEYS_KEY = `${STORAGE_KEY}.keys`
/** Malformed records are kept here (tampered ones are moved aside by the storage itself). */
export const QUARANTINE_KEY = `${STORAGE_KEY}.quarantine`

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n)

/** A pending check-in with every field it needs to be retried (a record without `attempts` once looped). */
export function isPendingCheckIn(p: unknown): p is PendingCheckIn {
  const q = p as Partial<PendingCheckIn> | null
  return (
    typeof q?.idempotencyKey === 'string' &&
    q.idempotencyKey.length > 0 &&
    typeof q.venue === 'object' &&
    q.venue !== null &&
    typeof q.venue.province === 'string' &&
    typeof q.person === 'object' &&
    q.person !== null &&
    finite(q.at) &&
    finite(q.attempts) &&
    q.attempts >= 0 &&
    finite(q.nextAttemptAt)
  )
}

/** What was saved: history, the pending records found whole, the keys of pending records stored apart, and what is malformed. */
export interface ReadSaved extends SavedCheckIns {
  /** Keys of pending check-ins stored on their own (see {@link PENDING_PREFIX}). */
  pendingKeys: string[]
  /** Records of the old one-blob format that cannot be retried as they are. */
  malformed: unknown[]
}

/** Accepts only well-formed records; malformed pending ones are returned apart, never dropped. */
export function readSaved(value: unknown): ReadSaved {
  const v = value as (Partial<SavedCheckIns> & { pendingKeys?: unknown }) | null
  const all: unknown[] = Array.isArray(v?.pending) ? v.pending : []
  return {
    pending: all.filter(isPendingCheckIn),
    malformed: all.filter((p) => !isPendingCheckIn(p)),
    pendingKeys: Array.isArray(v?.pendingKeys) ? v.pendingKeys.filter((k): k is string => typeof k === 'string') : [],
    history: Array.isArray(v?.history) ? v.history.filter((h) => typeof h?.idempotencyKey === 'string' && h.venue) : [],
  }
}
