/**
 * The add-certificate page's thunks (on demand, with the verifiers): verify
 * what the traveller scanned, chose or pasted against the cached foreign trust
 * list and keep it; re-check the held ones against the current list.
 */
import { createAsyncThunk } from '@reduxjs/toolkit'
import type { ThunkApi } from '../../app/store'
import { NpError, type SerializedError, toNpError } from '../../core/errors'
import { selectActivePerson } from '../identity/identitySlice'
import { foreignCertsSaved, type HeldForeignCert, readHeldForeignCerts } from './foreignCertsSlice'
import { recheckHeld, verifyForTraveller } from './verifyHeld'

async function trustOf(extra: ThunkApi['extra']) {
  const r = extra.foreignTrustList ? await extra.foreignTrustList() : null
  if (!r || !('data' in r)) throw new NpError('NP_ERR_FOREIGN_NOT_READY')
  return r.data
}

/** Verifies one certificate (the chunks of a multi-QR card one per line) and adds it to the active person's pass. */
export const foreignCertAdded = createAsyncThunk<
  HeldForeignCert,
  { text: string },
  ThunkApi & { rejectValue: SerializedError }
>('foreignCerts/added', async ({ text }, { extra, getState, dispatch, rejectWithValue }) => {
  try {
    const person = selectActivePerson(getState())
    if (!person) throw new NpError('NP_ERR_FOREIGN_MALFORMED', { params: { detail: 'no traveller signed in' } })
    const trust = await trustOf(extra)
    const held = verifyForTraveller(text, trust.value, trust.value.version, extra.clock.now(), person.identity)
    await dispatch(foreignCertsSaved({ personId: person.id, certs: [held] }))
    return held
  } catch (e) {
    return rejectWithValue(toNpError(e, 'NP_ERR_FOREIGN_MALFORMED').toJSON())
  }
})

/**
 * Loads the foreign trust list (cached for offline use) and re-checks the active person's held certificates
 * against it (a CRL may have grown).
 */
export const foreignCertsRechecked = createAsyncThunk<void, void, ThunkApi>(
  'foreignCerts/rechecked',
  async (_, { extra, getState, dispatch }) => {
    // Fetched (or refreshed) while the page is open online, so adding verifies offline later.
    let trust: Awaited<ReturnType<typeof trustOf>>
    try {
      trust = await trustOf(extra)
    } catch {
      // No list yet: the held certificates keep their last verification.
      return
    }
    const person = selectActivePerson(getState())
    const held = person ? (readHeldForeignCerts(extra.storage)[person.id] ?? []) : []
    if (!person || !held.length) return
    await dispatch(
      foreignCertsSaved({
        personId: person.id,
        certs: recheckHeld(held, trust.value, trust.value.version, extra.clock.now()),
      }),
    )
  },
)
