/**
 * SMART Health Cards: `shc:/` + digits (two per base64url character, offset
 * 45), a compact JWS (ES256, `zip: DEF` raw-DEFLATE payload) signed by an
 * issuer whose keys come from the VCI directory carried in the foreign trust
 * list. The FHIR bundle's Patient, Immunizations and lab Observations map
 * onto the national model.
 */
import { inflateSync } from 'fflate'
import { base64urlDecode, utf8Decode, utf8Encode } from '../bytes'
import { NpError } from '../errors'
import type { TestResult, Vaccination } from '../model'
import { addShcChunk, type ShcChunkSet, shcChunkOf } from './shcChunks'
import { verifySignature } from './signatures'
import type { ForeignTrustList } from './trust'
import { type ForeignCertificate, foreignPlace, maskForeignName } from './types'

const KIND = 'SMART Health Card'

const malformed = (detail: string): NpError => new NpError('NP_ERR_FOREIGN_MALFORMED', { params: { detail } })

/** True when a scanned text is a SMART Health Card QR. */
export function looksLikeShc(text: string): boolean {
  return /^shc:\//i.test(text.trim())
}

/**
 * The JWS of one or more `shc:/` QR texts. A chunked card (`shc:/1/3/…`, the
 * deprecated multi-QR form) needs all its chunks, in any order.
 */
export function shcToJws(texts: string | readonly string[]): string {
  // One text may hold every chunk of a card, one per line (as the traveller's pass keeps it).
  const list = (typeof texts === 'string' ? [texts] : [...texts]).flatMap((t) => t.trim().split(/\s+/))
  const chunks: string[] = []
  let total = 1
  if (list.length > 1 || shcChunkOf(list[0] ?? '')) {
    let set: ShcChunkSet | null = null
    for (const t of list) set = addShcChunk(set, t)
    total = set?.total ?? 1
    set?.parts.forEach((p, i) => {
      if (p !== null) chunks[i] = p
    })
  } else {
    const m = /^shc:\/(?:1\/1\/)?(\d+)$/i.exec(list[0] ?? '')
    if (!m) throw malformed('a SMART Health Card QR is shc:/ followed by digits')
    chunks[0] = m[1]
  }
  for (let i = 0; i < total; i++)
    if (chunks[i] === undefined)
      throw malformed(`chunk ${i + 1} of ${total} is missing: scan every QR code of this card`)
  const digits = chunks.join('')
  if (digits.length % 2) throw malformed('odd number of digits')
  let jws = ''
  for (let i = 0; i < digits.length; i += 2) {
    const n = Number(digits.slice(i, i + 2))
    if (n > 77) throw malformed(`digit pair ${n} is out of range`)
    jws += String.fromCharCode(n + 45)
  }
  return jws
}

interface JwsParts {
  header: { alg?: string; kid?: string; zip?: string }
  payload: ShcPayload
  signingInput: Uint8Array
  signature: Uint8Array
}

interface FhirResource {
  resourceType?: string
  [k: string]: unknown
}

/** The JWS payload as this app reads it. */
export interface ShcPayload {
  iss: string
  nbf?: number
  exp?: number
  vc: {
    type?: string[]
    /** Revocation id (spec v1.2+): listed in the issuer's CRL for the signing key when the card is revoked. */
    rid?: string
    credentialSubject: { fhirBundle: { entry?: Array<{ resource?: FhirResource }> } }
  }
}

function json(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(utf8Decode(bytes, 'NP_ERR_FOREIGN_MALFORMED'))
  } catch (e) {
    if (e instanceof NpError) throw e
    throw malformed(`${what} is not JSON`)
  }
}

/** Splits and decodes a compact JWS (without verifying it). */
export function parseShcJws(jws: string): JwsParts {
  const parts = jws.split('.')
  if (parts.length !== 3) throw malformed('a JWS has three parts')
  const header = json(base64urlDecode(parts[0], 'NP_ERR_FOREIGN_MALFORMED'), 'JWS header') as JwsParts['header']
  let body = base64urlDecode(parts[1], 'NP_ERR_FOREIGN_MALFORMED')
  if (header?.zip === 'DEF') {
    try {
      body = inflateSync(body)
    } catch (e) {
      throw new NpError('NP_ERR_FOREIGN_MALFORMED', { cause: e, params: { detail: `DEFLATE: ${String(e)}` } })
    }
  }
  const payload = json(body, 'JWS payload') as ShcPayload
  if (typeof payload?.iss !== 'string' || !payload.vc?.credentialSubject?.fhirBundle)
    throw malformed('not a SMART Health Card payload')
  return {
    header,
    payload,
    signingInput: utf8Encode(`${parts[0]}.${parts[1]}`, 'NP_ERR_FOREIGN_MALFORMED'),
    signature: base64urlDecode(parts[2], 'NP_ERR_FOREIGN_MALFORMED'),
  }
}

const LOINC_COVID = new Set(['94309-2', '94500-6', '94558-4', '95209-3', '94534-5', '94845-5'])
const SNOMED_NEGATIVE = '260385009'
const SNOMED_POSITIVE = '10828004'

type Coding = { system?: string; code?: string; display?: string }
const codings = (x: unknown): Coding[] => ((x as { coding?: Coding[] })?.coding ?? []).filter(Boolean)

/** The FHIR bundle in the national model. */
export function mapShc(p: ShcPayload, country: string) {
  const resources = (p.vc.credentialSubject.fhirBundle.entry ?? []).map((e) => e.resource ?? {})
  const patient = resources.find((r) => r.resourceType === 'Patient') as
    | { name?: Array<{ family?: string; given?: string[] }>; birthDate?: string }
    | undefined
  // A card may carry no Patient (spec example-02, a lab report): it still verifies, naming nobody.
  const name = patient?.name?.[0] ?? {}
  const familyName = name.family ?? ''
  const givenName = (name.given ?? []).join(' ')
  const place = foreignPlace(country)
  const immunizations = resources
    .filter((r) => r.resourceType === 'Immunization' && r.status === 'completed')
    .map((r) => {
      const code = codings(r.vaccineCode)[0]
      const at = Date.parse(String(r.occurrenceDateTime ?? ''))
      if (!Number.isFinite(at)) throw malformed('an Immunization has no date')
      return { code, at, lot: String(r.lotNumber ?? '') }
    })
    .sort((a, b) => a.at - b.at)
  const vaccinations: Vaccination[] = immunizations.map((x, i) => ({
    dose: i + 1,
    product: x.code
      ? `${x.code.system?.endsWith('/cvx') ? 'CVX' : (x.code.system ?? '')} ${x.code.code ?? ''}`.trim()
      : '',
    manufacturer: '',
    at: x.at,
    province: place,
  }))
  const tests: TestResult[] = []
  for (const r of resources) {
    if (r.resourceType !== 'Observation' || !['final', 'amended', 'corrected'].includes(String(r.status))) continue
    const loinc = codings(r.code).find((c) => c.system === 'http://loinc.org')?.code ?? ''
    if (!LOINC_COVID.has(loinc)) continue
    const value = codings(r.valueCodeableConcept)[0]?.code
    const outcome = value === SNOMED_NEGATIVE ? 'negative' : value === SNOMED_POSITIVE ? 'positive' : null
    const sampledAt = Date.parse(String(r.effectiveDateTime ?? ''))
    if (!outcome || !Number.isFinite(sampledAt)) continue
    tests.push({
      sampleId: `${p.iss}#${tests.length}`,
      kind: loinc === '94558-4' || loinc === '95209-3' ? 'antigen' : 'pcr',
      outcome,
      sampledAt,
      reportedAt: p.nbf ? Math.round(p.nbf * 1000) : sampledAt,
      pooled: false,
      lab: String((r.performer as Array<{ display?: string }>)?.[0]?.display ?? ''),
      province: place,
    })
  }
  const types: Array<'v' | 't' | 'r'> = []
  if (vaccinations.length) types.push('v')
  if (tests.length) types.push('t')
  return {
    types,
    person: {
      familyName,
      givenName,
      birthDate: patient?.birthDate ?? '',
      maskedName: [maskForeignName(familyName), maskForeignName(givenName)].filter(Boolean).join(', '),
    },
    tests,
    vaccinations,
    recoveries: [],
  }
}

/**
 * Whether the issuer's CRL for `kid` (carried in the foreign trust list)
 * revokes this card: its `rid` listed bare, or as `rid.timestamp` with the
 * card issued (`nbf`) before that timestamp (seconds). Returns the reason, or
 * null. A card without `rid` cannot be matched by this method.
 */
export function shcRevocation(trust: ForeignTrustList, payload: ShcPayload, kid: string): string | null {
  const rid = payload.vc.rid
  if (typeof rid !== 'string' || !rid) return null
  const crl = trust.crls?.find((c) => c.iss === payload.iss && c.kid === kid && c.method === 'rid')
  if (!crl) return null
  for (const entry of crl.rids) {
    const dot = entry.indexOf('.')
    const id = dot < 0 ? entry : entry.slice(0, dot)
    if (id !== rid) continue
    if (dot < 0) return `rid ${rid}, CRL ${crl.ctr}`
    const before = Number(entry.slice(dot + 1))
    // Revoked when issued before the timestamp; a card without nbf cannot show it was issued later.
    if (payload.nbf === undefined || payload.nbf < before)
      return `rid ${rid} issued before ${new Date(before * 1000).toISOString()}, CRL ${crl.ctr}`
  }
  return null
}

/**
 * Reads and verifies a SMART Health Card (one QR text, or every chunk) at
 * `at` (ms). Throws `NP_ERR_FOREIGN_MALFORMED`, `_UNSUPPORTED`,
 * `_ISSUER_UNKNOWN`, `_TAMPERED`, `_EXPIRED` or `_NOT_YET_VALID`.
 */
export function verifyShc(
  texts: string | readonly string[],
  trust: ForeignTrustList,
  at: number,
  { checkTimes = true }: { checkTimes?: boolean } = {},
): ForeignCertificate {
  const jws = parseShcJws(shcToJws(texts))
  const { header, payload } = jws
  if (header.alg !== 'ES256')
    throw new NpError('NP_ERR_FOREIGN_UNSUPPORTED', { params: { kind: KIND, detail: `algorithm ${header.alg}` } })
  const kid = header.kid ?? ''
  const issuer = trust.issuers.find((i) => i.iss === payload.iss)
  const key = issuer?.keys.find((k) => k.kid === kid)
  if (!issuer || !key || trust.revoked.includes(kid))
    throw new NpError('NP_ERR_FOREIGN_ISSUER_UNKNOWN', { params: { kind: KIND, kid: kid || '(none)' } })
  const point = new Uint8Array(65)
  point[0] = 4
  point.set(base64urlDecode(key.x, 'NP_ERR_TRUST_LIST_INVALID'), 1)
  point.set(base64urlDecode(key.y, 'NP_ERR_TRUST_LIST_INVALID'), 33)
  if (!verifySignature('ES256', { kty: 'EC', crv: 'P-256', point }, jws.signature, jws.signingInput))
    throw new NpError('NP_ERR_FOREIGN_TAMPERED', { params: { kind: KIND } })
  const revoked = shcRevocation(trust, payload, kid)
  if (revoked) throw new NpError('NP_ERR_FOREIGN_REVOKED', { params: { kind: KIND, detail: revoked } })
  if (checkTimes && payload.exp !== undefined && at > payload.exp * 1000)
    throw new NpError('NP_ERR_FOREIGN_EXPIRED', {
      params: { kind: KIND, at: new Date(payload.exp * 1000).toISOString() },
    })
  if (checkTimes && payload.nbf !== undefined && at < payload.nbf * 1000)
    throw new NpError('NP_ERR_FOREIGN_NOT_YET_VALID', {
      params: { kind: KIND, at: new Date(payload.nbf * 1000).toISOString() },
    })
  return {
    kind: 'shc',
    issuerCountry: issuer.country,
    issuer: issuer.name || issuer.iss,
    kid,
    alg: 'ES256',
    ...(payload.nbf !== undefined ? { issuedAt: Math.round(payload.nbf * 1000) } : {}),
    ...(payload.exp !== undefined ? { expiresAt: payload.exp * 1000 } : {}),
    ...mapShc(payload, issuer.country),
  }
}
