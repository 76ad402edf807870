/**
 * Payload sizes: a typical pass QR (signed health code + negative PCR test +
 * third vaccine dose, bound to its holder) and a national place-code URL, both
 * built with the DEMO keys and the core encoders, beside the EU Digital COVID
 * Certificate's median QR payload (552 characters) and the NHS COVID-19 app's
 * venue code (281 characters).
 */
import type { Claim } from '../../src/core/claims'
import { generateKeyPair } from '../../src/core/ed25519'
import { encodeBoundPass } from '../../src/core/passCodec'
import { encodePlaceCode, signPlaceCode } from '../../src/core/placeCode'
import { demoSecret, signDemo, typicalPass, typicalVenueClaim, VECTORS_T } from '../fixtures/typicalPass'
import type { BenchRow } from './types'

export const EU_DCC_MEDIAN_CHARS = 552
export const UK_VENUE_CODE_CHARS = 281

/** A typical national place-code as provinces sign it now (v2): a mall in Guangzhou on the default domain. */
export function typicalPlaceCode(): string {
  return encodePlaceCode(signPlaceCode(typicalVenueClaim(VECTORS_T), demoSecret('gd1')))
}

/** The same venue's v1 place-code (a venue claim with its signed address), as printed before issue 16. */
export function typicalPlaceCodeV1(): string {
  return encodePlaceCode(signDemo(typicalVenueClaim(VECTORS_T)))
}

/** The typical pass bound to its holder's phone (NP2): plus the province's certificate of the phone key and the phone's signature. */
export function typicalBoundPass(): string {
  const p = typicalPass(VECTORS_T)
  const phone = generateKeyPair(new Uint8Array(32).fill(7))
  const dk = {
    typ: 'dk',
    iss: '440000',
    kid: 'gd1',
    iat: VECTORS_T,
    exp: VECTORS_T + 30 * 86_400_000,
    holder: p.holder,
    body: { publicKey: phone.publicKey },
  } as Claim
  return encodeBoundPass({ v: 1, holder: p.holder, claims: [...p.claims, signDemo(dk)] }, phone.secretKey, VECTORS_T)
}

export async function benchPayloads(): Promise<BenchRow[]> {
  const pass = typicalPass(VECTORS_T).text.length
  const bound = typicalBoundPass().length
  const place = typicalPlaceCode().length
  const placeV1 = typicalPlaceCodeV1().length
  return [
    {
      name: 'payload.passQr',
      value: pass,
      unit: 'chars',
      ratio: pass / EU_DCC_MEDIAN_CHARS,
      reference: `EU DCC median ${EU_DCC_MEDIAN_CHARS} chars`,
    },
    {
      name: 'payload.passQrBound',
      value: bound,
      unit: 'chars',
      ratio: bound / pass,
      reference: `the same pass bound to the holder's phone (NP2), ratio to the unbound ${pass}`,
    },
    {
      name: 'payload.placeCode',
      value: place,
      unit: 'chars',
      ratio: place / UK_VENUE_CODE_CHARS,
      reference: `NHS venue code ${UK_VENUE_CODE_CHARS} chars`,
    },
    {
      name: 'payload.placeCode.v2VsV1',
      value: place,
      unit: 'chars',
      ratio: place / placeV1,
      reference: `v2 (id and name signed, whole days) ÷ v1 of the same venue (${placeV1} chars, with its signed address); budget 160`,
    },
  ]
}
