/**
 * Multi-QR SMART Health Cards at the gate: the guard page's scan entry point
 * collects the parts (state in the guard slice), kept out of the slice module
 * so the chunk collector is not in the main package (the guard page is in its
 * own package on weapp).
 */
import { createAsyncThunk } from '@reduxjs/toolkit'
import { toNpError } from '../../core/errors'
import { addShcChunk, type ShcChunkSet, shcChunkOf, shcChunksComplete } from '../../core/foreign/shcChunks'
import type { ThunkApi } from '../../app/store'
import { passScanned, shcChunkRead, shcChunkRefused, shcChunksCleared } from './guardSlice'

/**
 * What the guard's scanner, camera or text box read: a part of a multi-QR
 * SMART Health Card is collected ("2 of 3") until the card is complete, then
 * the whole card is checked; anything else is checked at once. A part that
 * cannot belong to the card being read is refused with its reason, keeping
 * the parts read so far.
 */
export const guardTextScanned = createAsyncThunk<void, string, ThunkApi>(
  'guard/textScanned',
  async (text, { dispatch, getState }) => {
    if (!shcChunkOf(text)) {
      if (getState().guard.shcChunks) dispatch(shcChunksCleared())
      await dispatch(passScanned(text))
      return
    }
    let set: ShcChunkSet
    try {
      set = addShcChunk(getState().guard.shcChunks ?? null, text)
    } catch (e) {
      dispatch(shcChunkRefused(toNpError(e, 'NP_ERR_FOREIGN_CHUNKS').toJSON()))
      return
    }
    const all = shcChunksComplete(set)
    if (!all) {
      dispatch(shcChunkRead(set))
      return
    }
    dispatch(shcChunksCleared())
    await dispatch(passScanned(all.join('\n')))
  },
)
