/**
 * What a scanned text names: a national place-code verified by the core, or a
 * legacy code some province plugin recognises. Never throws; every failure is
 * a catalogued error the scan page shows as it is.
 */
import { NpError, type SerializedError, toNpError } from '../../core/errors'
import type { VenueRef } from '../../core/model'
import {
  MAX_CODE_TEXT,
  PLACE_CODE_PAGE,
  type PlaceCodeOptions,
  parsePlaceCode,
  verifyPlaceCode,
} from '../../core/placeCode'
import type { TrustList } from '../../core/trustList'
import type { Host } from '../../sdk/host'

/** The longest scanned or linked text read (what a QR code can hold). */
export const MAX_SCAN_TEXT = MAX_CODE_TEXT

export type Recognition = { data: VenueRef } | { error: SerializedError }

export interface RecognizeDeps {
  host: Host
  /** The verified trust list, or `null` when none could be loaded (national codes then fail closed). */
  trustList: TrustList | null
  at: number
  options?: PlaceCodeOptions
}

/** The scanned text of a deep link's router params: `c` (our path) or `q` (a WeChat/Alipay "ordinary link QR"). */
export function textFromParams(params: Record<string, string | undefined>): string | null {
  // An over-long link is passed on unread: the recogniser refuses it by its length.
  const longest = Math.max(params.c?.length ?? 0, params.q?.length ?? 0)
  if (longest > 3 * MAX_SCAN_TEXT) return (params.c ?? params.q ?? '').slice(0, MAX_SCAN_TEXT + 1)
  if (params.c) return `${PLACE_CODE_PAGE}?c=${params.c}`
  if (params.q) {
    try {
      return decodeURIComponent(params.q)
    } catch {
      // A broken q still deserves the "unknown code" message rather than a crash.
      return params.q
    }
  }
  return null
}

/**
 * The venue a scanned text names. A national code is verified (a forged or
 * tampered one is refused with the reason); anything else is offered to every
 * plugin's `recognizePlaceCode` in registry order.
 */
export async function recognizePlaceCode(text: string, deps: RecognizeDeps): Promise<Recognition> {
  // No QR code holds more: nothing longer reaches a parser or a plugin's recogniser.
  if (typeof text !== 'string' || text.length > MAX_SCAN_TEXT)
    return {
      error: new NpError('NP_ERR_PLACE_CODE_MALFORMED', {
        params: { detail: `longer than any QR code (${String(text?.length)} characters)` },
      }).toJSON(),
    }
  let national: ReturnType<typeof parsePlaceCode>
  try {
    national = parsePlaceCode(text, deps.options)
  } catch (e) {
    return { error: toNpError(e, 'NP_ERR_PLACE_CODE_MALFORMED').toJSON() }
  }
  if (national) {
    if (!deps.trustList)
      return {
        error: new NpError('NP_ERR_TRUST_LIST_INVALID', {
          params: { detail: 'no trust list on this device yet; go online once' },
        }).toJSON(),
      }
    try {
      return { data: verifyPlaceCode(text, deps.trustList, deps.at, deps.options) }
    } catch (e) {
      return { error: toNpError(e, 'NP_ERR_PLACE_CODE_MALFORMED').toJSON() }
    }
  }
  for (const plugin of deps.host.registry.plugins) {
    if (typeof plugin.recognizePlaceCode !== 'function') continue
    const r = await deps.host.call(plugin.id, 'recognizePlaceCode', text)
    if ('data' in r && r.data) return { data: r.data }
  }
  return { error: new NpError('NP_ERR_PLACE_CODE_UNKNOWN').toJSON() }
}
