/**
 * Jiangsu's legacy place-codes, recognised offline (no network):
 * - Wuxi's city-level 门铃码 (doorbell code), printed on building doors:
 *   `https://lingxi.wuxi.example/mlm/<district 6 digits>-<door 6 digits>?n=<URL-encoded name>`
 *   → venue `WX<district>-<door>`;
 * - Jiangsu's older 场所码: `JSCSM:<district 6 digits>:<place 6 digits>:<name>` → venue `JS<district>-<place>`.
 */
import type { VenueRef } from '../../src/core/model'

const WUXI_DOORBELL = /^https:\/\/lingxi\.wuxi\.example\/mlm\/(3202\d{2})-(\d{6})(?:\?n=([^&#]*))?$/
const JS_LEGACY = /^JSCSM:(32\d{4}):(\d{6}):(.{1,60})$/

function decodeName(s: string | undefined, fallback: string): string {
  try {
    return s ? decodeURIComponent(s) : fallback
  } catch {
    // A badly escaped name is still the venue's code; show the id instead of failing the scan.
    return fallback
  }
}

/** The venue a Wuxi 门铃码 or Jiangsu legacy 场所码 names; `null` for any other text. */
export function recognizeJiangsuLegacyCode(text: string): VenueRef | null {
  const s = text.trim()
  const wx = WUXI_DOORBELL.exec(s)
  if (wx) {
    const venueId = `WX${wx[1]}-${wx[2]}`
    return { province: '320000', venueId, name: decodeName(wx[3], `无锡门铃码 ${venueId}`), source: 'legacy' }
  }
  const js = JS_LEGACY.exec(s)
  if (js) return { province: '320000', venueId: `JS${js[1]}-${js[2]}`, name: js[3], source: 'legacy' }
  return null
}
