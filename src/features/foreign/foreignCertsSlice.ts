/**
 * The foreign certificates a traveller added to their pass (EU DCC, SMART
 * Health Card), per person, kept in the encrypted store with the rest of
 * their data. Each was verified offline against the foreign trust list when
 * added (by the on-demand verifier, ./verifyHeld.ts); what is kept is the QR
 * text (to show again) and the verified content in the national model (for
 * the card and the trip check). No verifier code here: this slice is in the
 * main package.
 */
import { createAsyncThunk, createSlice } from '@reduxjs/toolkit'
import type { SerializedError } from '../../core/errors'
import type { ForeignCertificate } from '../../core/foreign/types'
import type { RootState, ThunkApi } from '../../app/store'

/** How the certificate's holder compares with the pass's traveller. */
export type NameCheck =
  /** Same birth date and the same name (in the certificate's Latin or original script). */
  | 'match'
  /** Same birth date, but the names are in scripts that cannot be compared here: compare with the passport. */
  | 'unconfirmed'
  /** Another birth date or another name: flagged and never used. */
  | 'other-person'

/** One foreign certificate on a traveller's pass. */
export interface HeldForeignCert {
  /** Stable local id. */
  id: string
  /** The QR text as scanned; the chunks of a multi-QR SMART Health Card one per line. */
  text: string
  addedAt: number
  cert: ForeignCertificate
  /** When and against which foreign trust list version it was last verified. */
  verifiedAt: number
  trustListVersion: number
  nameCheck: NameCheck
  /** Why it no longer verifies (a later trust list revoked it, say); null while it does. */
  problem: SerializedError | null
}

export interface ForeignCertsState {
  status: 'idle' | 'ready'
  byPerson: Record<string, HeldForeignCert[]>
}

const initialState: ForeignCertsState = { status: 'idle', byPerson: {} }

export const FOREIGN_CERTS_KEY = 'foreign.certs'

/** Reads the held certificates from the encrypted store (empty when none or unreadable). */
export function readHeldForeignCerts(storage: ThunkApi['extra']['storage']): Record<string, HeldForeignCert[]> {
  const r = storage.read<Record<string, HeldForeignCert[]>>(FOREIGN_CERTS_KEY)
  return 'value' in r && r.value && typeof r.value === 'object' ? r.value : {}
}

export const restoreForeignCerts = createAsyncThunk<Record<string, HeldForeignCert[]>, void, ThunkApi>(
  'foreignCerts/restore',
  async (_, { extra }) => readHeldForeignCerts(extra.storage),
)

function save(extra: ThunkApi['extra'], byPerson: Record<string, HeldForeignCert[]>) {
  extra.storage.write(FOREIGN_CERTS_KEY, byPerson)
}

function current(getState: () => RootState, extra: ThunkApi['extra']): Record<string, HeldForeignCert[]> {
  const s = getState().foreignCerts
  return s.status === 'ready' ? s.byPerson : readHeldForeignCerts(extra.storage)
}

/**
 * Adds verified certificates (or replaces ones with the same QR text) for a
 * person and saves. The same certificate scanned twice is kept once.
 */
export const foreignCertsSaved = createAsyncThunk<
  Record<string, HeldForeignCert[]>,
  { personId: string; certs: HeldForeignCert[] },
  ThunkApi
>('foreignCerts/saved', async ({ personId, certs }, { extra, getState }) => {
  const all = current(getState, extra)
  const texts = new Set(certs.map((c) => c.text))
  const mine = [...(all[personId] ?? []).filter((c) => !texts.has(c.text)), ...certs]
  const next = { ...all, [personId]: mine }
  save(extra, next)
  return next
})

export const foreignCertRemoved = createAsyncThunk<
  Record<string, HeldForeignCert[]>,
  { personId: string; id: string },
  ThunkApi
>('foreignCerts/removed', async ({ personId, id }, { extra, getState }) => {
  const all = current(getState, extra)
  const next = { ...all, [personId]: (all[personId] ?? []).filter((c) => c.id !== id) }
  save(extra, next)
  return next
})

export const foreignCertsSlice = createSlice({
  name: 'foreignCerts',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    const ready = (s: ForeignCertsState, a: { payload: Record<string, HeldForeignCert[]> }) => {
      s.status = 'ready'
      s.byPerson = a.payload
    }
    b.addCase(restoreForeignCerts.fulfilled, ready)
    b.addCase(foreignCertsSaved.fulfilled, ready)
    b.addCase(foreignCertRemoved.fulfilled, ready)
  },
})

const NONE: HeldForeignCert[] = []

/** A person's held foreign certificates (an empty list, the same each time, when none). */
export function selectHeldForeignCerts(state: RootState, personId: string | null | undefined): HeldForeignCert[] {
  return (personId && state.foreignCerts?.byPerson[personId]) || NONE
}
