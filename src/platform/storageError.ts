import { NpError } from '../core/errors'

/** A write the platform's storage refused (full, or unavailable): `NP_ERR_STORAGE`, with the key. */
export function storageError(key: string, e: unknown): NpError {
  return new NpError('NP_ERR_STORAGE', {
    params: { key, detail: e instanceof Error ? e.message : String(e) },
    cause: e,
  })
}
