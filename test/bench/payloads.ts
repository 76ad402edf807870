/**
 * Payload sizes: a typical pass QR (signed health code + negative PCR test +
 * third vaccine dose, bound to its holder) and a national place-code URL, both
 * built with the DEMO keys and the core encoders, beside the EU Digital COVID
 * Certificate's median QR payload (552 characters) and the NHS COVID-19 app's
 * venue code (281 characters).
 */
import { type Claim, claimFromVenue, type Holder, type SignedClaim, signClaim } from '../../src/core/claims'
import type { VenueRef } from '../../src/core/model'
import { encodePass } from '../../src/core/passCodec'
import { encodePlaceCode } from '../../src/core/placeCode'
import { demoKeyFor } from '../../mock/keys'
import type { BenchRow } from './types'

/** A fixed instant so every run encodes the same bytes. */
export const T = Date.UTC(2022, 2, 15, 2, 0, 0)
const H = 3_600_000
const YEAR = 365 * 24 * H

export const EU_DCC_MEDIAN_CHARS = 552
export const UK_VENUE_CODE_CHARS = 281

/** The typical pass a traveller shows: health code, test and dose, one holder. */
export function typicalPass(): { text: string; claims: SignedClaim[]; holder: Holder } {
  const gd = demoKeyFor('440000')
  const js = demoKeyFor('320000')
  const holder: Holder = { maskedName: '张*三', idTail: '123X' }
  const hc: Claim = { typ: 'hc', iss: '440000', kid: 'gd1', iat: T, exp: T + 24 * H, holder, body: { colour: 'green' } }
  const tr: Claim = {
    typ: 'tr',
    iss: '440000',
    kid: 'gd1',
    iat: T - 20 * H,
    exp: T + 7 * 24 * H,
    holder,
    body: {
      sampleId: '440106220314000123',
      kind: 'pcr',
      outcome: 'negative',
      sampledAt: T - 30 * H,
      reportedAt: T - 20 * H,
      pooled: true,
      lab: '金域医学',
      province: '440000',
    },
  }
  const vx: Claim = {
    typ: 'vx',
    iss: '320000',
    kid: 'js1',
    iat: T - 24 * H,
    exp: T + YEAR,
    holder,
    body: { dose: 3, product: 'BBIBP-CorV', at: Date.UTC(2021, 10, 2), province: '320000' },
  }
  const claims = [signClaim(hc, gd.secretKey), signClaim(tr, gd.secretKey), signClaim(vx, js.secretKey)]
  return { text: encodePass({ v: 1, holder, claims }), claims, holder }
}

/** A typical national place-code: a mall in Guangzhou on the default domain. */
export function typicalPlaceCode(): string {
  const venue: VenueRef = {
    province: '440000',
    venueId: '4401060012345',
    name: '天河城购物中心',
    address: '天河路208号天河城广场一楼',
    source: 'national',
  }
  const signed = signClaim(claimFromVenue(venue, { kid: 'gd1', iat: T, exp: T + YEAR }), demoKeyFor('440000').secretKey)
  return encodePlaceCode(signed)
}

export async function benchPayloads(): Promise<BenchRow[]> {
  const pass = typicalPass().text.length
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
