/**
 * H5: the foreign verifier is an async chunk (webpack `import()`), fetched
 * the first time a guard scans a foreign certificate.
 */
import type { ForeignCheckInput, ForeignGuardResult } from './foreignBridge'

export async function runForeignCheck(input: ForeignCheckInput): Promise<ForeignGuardResult> {
  const { checkForeignForVenue } = await import(/* webpackChunkName: "foreign" */ './foreignCheck')
  return checkForeignForVenue(input)
}

/** Fetches the verifier chunk now (at guard setup, while online), so later scans verify offline. */
export function preloadForeignCheck(): void {
  import(/* webpackChunkName: "foreign" */ './foreignCheck').catch(() => {
    // Offline at setup: the chunk is fetched at the first foreign scan instead.
  })
}
