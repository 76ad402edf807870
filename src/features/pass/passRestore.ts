/**
 * The saved pass, read back: its own module so the app's start (src/app.ts)
 * imports this and not the refresh, the phone key and the claim verifiers of
 * ./passThunks.ts (issue 16). ./passThunks.ts re-exports `restoreCachedPass`.
 */
import { createAsyncThunk } from '@reduxjs/toolkit'
import type { ThunkApi } from '../../app/store'
import { markStart } from '../../platform/startMarks'
import type { ProvinceResult } from './passLogic'
import { cacheRestored } from './passSlice'

export const cacheKey = (personId: string) => `pass.${personId}`

export interface CachedPass {
  savedAt: number
  provinces: Record<string, ProvinceResult>
}

/** Show the saved pass at once (labelled with its age by the page). */
export const restoreCachedPass = createAsyncThunk<boolean, string, ThunkApi>(
  'pass/restoreCached',
  async (personId, { extra, dispatch }) => {
    const r = extra.storage.read<CachedPass>(cacheKey(personId))
    markStart('np:pass-read')
    if (!('value' in r) || !r.value) return false
    dispatch(cacheRestored({ personId, provinces: r.value.provinces, savedAt: r.value.savedAt }))
    return true
  },
  {
    // Launch, the pass page and the trip page all ask for it: read and decrypt storage once per person.
    condition: (personId, { getState }) => {
      const p = getState().pass.byPerson[personId]
      return !p || (p.cachedAt === null && p.refreshedAt === null && Object.keys(p.provinces).length === 0)
    },
  },
)
