/**
 * Payload sizes: a typical pass QR (signed health code + negative PCR test +
 * third vaccine dose, bound to its holder) and a national place-code URL, both
 * built with the DEMO keys and the core encoders, beside the EU Digital COVID
 * Certificate's median QR payload (552 characters) and the NHS COVID-19 app's
 * venue code (281 characters).
 */
import { encodePlaceCode } from '../../src/core/placeCode'
import { signDemo, typicalPass, typicalVenueClaim, VECTORS_T } from '../fixtures/typicalPass'
import type { BenchRow } from './types'

export const EU_DCC_MEDIAN_CHARS = 552
export const UK_VENUE_CODE_CHARS = 281

/** A typical national place-code: a mall in Guangzhou on the default domain. */
export function typicalPlaceCode(): string {
  return encodePlaceCode(signDemo(typicalVenueClaim(VECTORS_T)))
}

export async function benchPayloads(): Promise<BenchRow[]> {
  const pass = typicalPass(VECTORS_T).text.length
  const place = typicalPlaceCode().length
  return [
    {
      name: 'payload.passQr',
      value: pass,
      unit: 'chars',
      ratio: pass / EU_DCC_MEDIAN_CHARS,
      reference: `EU DCC median ${EU_DCC_MEDIAN_CHARS} chars`,
    },
    {
      name: 'payload.placeCode',
      value: place,
      unit: 'chars',
      ratio: place / UK_VENUE_CODE_CHARS,
      reference: `NHS venue code ${UK_VENUE_CODE_CHARS} chars`,
    },
  ]
}
