/**
 * EU Digital COVID Certificate (HCERT 1.x): `HC1:` + base45 + zlib +
 * COSE_Sign1 over a CWT whose claim -260/1 is the DCC payload. Signed with
 * ES256 or PS256 by a document signer certificate (DSC) whose key id is the
 * first 8 bytes of the SHA-256 of the certificate. Each stage is exported so
 * the dgc-testdata corpus can test it on its own.
 */
import { unzlibSync } from 'fflate'
import { base45Decode } from '../base45'
import { base64urlDecode, base64urlEncode, bytesEqual } from '../bytes'
import { NpError } from '../errors'
import type { TestResult, Vaccination } from '../model'
import { type CborValue, cborDecode, cborToJson, sigStructure1, Tagged } from './cbor'
import { COSE_ALG, type ForeignAlg, verifySignature } from './signatures'
import type { ForeignTrustList } from './trust'
import { type ForeignCertificate, foreignPlace, maskForeignName, type Recovery } from './types'
import { parseCertificate, type SigningCert } from './x509'

const KIND = 'EU DCC'

const malformed = (detail: string): NpError => new NpError('NP_ERR_FOREIGN_MALFORMED', { params: { detail } })

/** Standard base64 (with or without padding) to bytes. */
export function base64Decode(s: string): Uint8Array {
  return base64urlDecode(s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 'NP_ERR_FOREIGN_MALFORMED')
}

/** Bytes to standard base64 with padding. */
export function base64Encode(b: Uint8Array): string {
  const s = base64urlEncode(b).replace(/-/g, '+').replace(/_/g, '/')
  return s + '='.repeat((4 - (s.length % 4)) % 4)
}

/** True when a scanned text is an HCERT (any `HC<n>:` context), so it goes to this verifier. */
export function looksLikeHcert(text: string): boolean {
  return /^HC\d:/.test(text.trim())
}

/** The base45 text after the `HC1:` context identifier; other contexts are refused. */
export function unprefix(text: string): string {
  const t = text.trim()
  if (!t.startsWith('HC1:')) {
    const ctx = /^([A-Z0-9]{2,4}):/.exec(t)
    throw new NpError('NP_ERR_FOREIGN_UNSUPPORTED', {
      params: { kind: KIND, detail: ctx ? `context ${ctx[1]}` : 'no HC1: context' },
    })
  }
  return t.slice(4)
}

/** base45 to the compressed COSE bytes. */
export function b45decode(s: string): Uint8Array {
  return base45Decode(s, 'NP_ERR_FOREIGN_MALFORMED')
}

function adler32(b: Uint8Array): number {
  let a = 1
  let s = 0
  for (let i = 0; i < b.length; i++) {
    a = (a + b[i]) % 65521
    s = (s + a) % 65521
  }
  return ((s << 16) | a) >>> 0
}

/**
 * zlib inflate (HCERT requires compression; uncompressed data is refused).
 * The Adler-32 trailer is checked here: fflate does not check it.
 */
export function decompress(b: Uint8Array): Uint8Array {
  if (b.length < 6 || (b[0] & 0x0f) !== 8 || ((b[0] << 8) | b[1]) % 31 !== 0) throw malformed('not zlib-compressed')
  let out: Uint8Array
  try {
    out = unzlibSync(b)
  } catch (e) {
    throw new NpError('NP_ERR_FOREIGN_MALFORMED', { cause: e, params: { detail: `zlib: ${String(e)}` } })
  }
  const n = b.length
  const trailer = ((b[n - 4] << 24) | (b[n - 3] << 16) | (b[n - 2] << 8) | b[n - 1]) >>> 0
  if (trailer !== adler32(out)) throw malformed('zlib checksum does not match')
  return out
}

/** A parsed COSE_Sign1. */
export interface CoseSign1 {
  protectedBytes: Uint8Array
  protectedHeader: Map<CborValue, CborValue>
  unprotectedHeader: Map<CborValue, CborValue>
  payload: Uint8Array
  signature: Uint8Array
  alg?: ForeignAlg
  /** Protected `kid` when present, else unprotected. */
  kid?: Uint8Array
}

/** Parses COSE_Sign1 (tag 18, or untagged). */
export function parseCose(b: Uint8Array): CoseSign1 {
  let v = cborDecode(b)
  // A CWT tag (61) may wrap the COSE_Sign1 tag (RFC 8392 §6).
  if (v instanceof Tagged && v.tag === 61) v = v.value
  if (v instanceof Tagged) {
    if (v.tag !== 18) throw malformed(`COSE tag ${v.tag} is not COSE_Sign1`)
    v = v.value
  }
  if (!Array.isArray(v) || v.length !== 4) throw malformed('COSE_Sign1 is not a 4-element array')
  const [p, u, payload, signature] = v
  if (!(p instanceof Uint8Array) || !(payload instanceof Uint8Array) || !(signature instanceof Uint8Array))
    throw malformed('COSE_Sign1 fields have the wrong types')
  const protectedHeader = p.length ? cborDecode(p) : new Map()
  if (!(protectedHeader instanceof Map) || !(u instanceof Map)) throw malformed('COSE headers are not maps')
  const algNum = protectedHeader.get(1) ?? u.get(1)
  const kid = protectedHeader.get(4) ?? u.get(4)
  return {
    protectedBytes: p,
    protectedHeader,
    unprotectedHeader: u,
    payload,
    signature,
    ...(typeof algNum === 'number' && COSE_ALG[algNum] ? { alg: COSE_ALG[algNum] } : {}),
    ...(kid instanceof Uint8Array ? { kid } : {}),
  }
}

/** The CWT claims HCERT uses. */
export interface HcertCwt {
  iss?: string
  /** Epoch seconds. */
  iat?: number
  exp?: number
  /** The DCC payload (schema 1.x) as JSON. */
  dgc: DgcPayload
}

/** The DCC payload, as much as this app reads. */
export interface DgcPayload {
  ver: string
  nam: { fn?: string; fnt: string; gn?: string; gnt?: string }
  dob: string
  v?: Array<Record<string, string | number>>
  t?: Array<Record<string, string | number>>
  r?: Array<Record<string, string | number>>
}

/** Reads the CWT payload: iss (1), exp (4), iat (6), hcert (-260) → 1. */
export function parseCwt(payload: Uint8Array): HcertCwt {
  const m = cborDecode(payload)
  if (!(m instanceof Map)) throw malformed('CWT is not a map')
  const hcert = m.get(-260)
  const dgc = hcert instanceof Map ? hcert.get(1) : undefined
  if (!(dgc instanceof Map)) throw malformed('CWT has no hcert claim (-260/1)')
  const num = (k: number) => {
    const x = m.get(k)
    if (x === undefined) return undefined
    if (typeof x !== 'number') throw malformed(`CWT claim ${k} is not a number`)
    return x
  }
  const iss = m.get(1)
  const json = cborToJson(dgc) as DgcPayload
  if (typeof json?.nam !== 'object' || json.nam === null) throw malformed('DCC payload has no name')
  return {
    ...(typeof iss === 'string' ? { iss } : {}),
    ...(num(6) !== undefined ? { iat: num(6) } : {}),
    ...(num(4) !== undefined ? { exp: num(4) } : {}),
    dgc: json,
  }
}

/** Whether `cose` is signed by `cert` (key id, when the certificate's is given, must match too). */
export function verifyCose(cose: CoseSign1, cert: SigningCert): boolean {
  if (!cose.alg) return false
  const pk = cose.protectedHeader.get(4)
  const kid = pk instanceof Uint8Array ? pk : cose.unprotectedHeader.get(4)
  if (kid instanceof Uint8Array && !bytesEqual(kid, cert.kid)) return false
  return verifySignature(cose.alg, cert.key, cose.signature, sigStructure1(cose.protectedBytes, cose.payload))
}

/** The HCERT types present in a payload. */
export function hcertTypes(dgc: DgcPayload): Array<'v' | 't' | 'r'> {
  return (['v', 't', 'r'] as const).filter((k) => Array.isArray(dgc[k]) && (dgc[k]?.length ?? 0) > 0)
}

/**
 * Whether the DSC may sign this payload: its HCERT extended key usages, when
 * it lists any, must cover every type in the payload (none listed allows all:
 * hcert spec §5.1.1), unless its extended key usage names only other purposes.
 */
export function keyUsageAllows(cert: SigningCert, dgc: DgcPayload): boolean {
  if (cert.otherPurposesOnly) return false
  return cert.usages.length === 0 || hcertTypes(dgc).every((t) => cert.usages.includes(t))
}

/** `NP_ERR_FOREIGN_EXPIRED`/`_NOT_YET_VALID` against the CWT's exp and iat (epoch seconds) at `at` ms. */
export function checkCwtTimes(cwt: HcertCwt, at: number, kind = KIND): void {
  if (cwt.exp !== undefined && at > cwt.exp * 1000)
    throw new NpError('NP_ERR_FOREIGN_EXPIRED', { params: { kind, at: new Date(cwt.exp * 1000).toISOString() } })
  if (cwt.iat !== undefined && at < cwt.iat * 1000)
    throw new NpError('NP_ERR_FOREIGN_NOT_YET_VALID', { params: { kind, at: new Date(cwt.iat * 1000).toISOString() } })
}

const PCR = 'LP6464-4'
const NOT_DETECTED = '260415000'
const DETECTED = '260373001'

const str = (x: unknown): string => (typeof x === 'string' ? x : x === undefined ? '' : String(x))
const when = (x: unknown, what: string): number => {
  const t = Date.parse(str(x))
  if (!Number.isFinite(t)) throw malformed(`${what} ${JSON.stringify(x)} is not a date`)
  return t
}

/** The DCC payload in the national model. */
export function mapDgc(
  dgc: DgcPayload,
  cwt: HcertCwt,
): Pick<ForeignCertificate, 'person' | 'tests' | 'vaccinations' | 'recoveries' | 'types'> {
  const familyName = str(dgc.nam.fn || dgc.nam.fnt)
  const givenName = str(dgc.nam.gn || dgc.nam.gnt)
  const vaccinations: Vaccination[] = (dgc.v ?? []).map((x) => ({
    dose: Number(x.dn),
    product: str(x.mp),
    manufacturer: str(x.ma),
    at: when(x.dt, 'vaccination date'),
    province: foreignPlace(str(x.co)),
  }))
  const tests: TestResult[] = (dgc.t ?? []).map((x) => {
    const outcome = x.tr === NOT_DETECTED ? 'negative' : x.tr === DETECTED ? 'positive' : null
    if (!outcome) throw malformed(`test result ${JSON.stringify(x.tr)} is not a known code`)
    const sampledAt = when(x.sc, 'sample time')
    const reportedAt = x.dr ? when(x.dr, 'result time') : cwt.iat !== undefined ? cwt.iat * 1000 : sampledAt
    return {
      sampleId: str(x.ci),
      kind: x.tt === PCR ? 'pcr' : 'antigen',
      outcome,
      sampledAt,
      reportedAt,
      pooled: false,
      lab: str(x.tc || x.is),
      province: foreignPlace(str(x.co)),
    }
  })
  const recoveries: Recovery[] = (dgc.r ?? []).map((x) => ({
    firstPositive: when(x.fr, 'first positive'),
    validFrom: when(x.df, 'valid from'),
    validUntil: when(x.du, 'valid until'),
    country: str(x.co),
  }))
  return {
    types: hcertTypes(dgc),
    person: {
      familyName,
      givenName,
      birthDate: str(dgc.dob),
      maskedName: [maskForeignName(familyName), maskForeignName(givenName)].filter(Boolean).join(', '),
    },
    tests,
    vaccinations,
    recoveries,
  }
}

/** Everything up to (not including) verification: for the guard and the corpus. */
export function decodeHcert(text: string): { cose: CoseSign1; cwt: HcertCwt } {
  const cose = parseCose(decompress(b45decode(unprefix(text))))
  return { cose, cwt: parseCwt(cose.payload) }
}

/**
 * Reads, verifies against the foreign trust list, checks times at `at` (ms)
 * and maps an HCERT. Throws a typed `NpError`: `_MALFORMED`, `_UNSUPPORTED`,
 * `_ISSUER_UNKNOWN`, `_TAMPERED`, `_EXPIRED`, `_NOT_YET_VALID`.
 */
export function verifyHcert(
  text: string,
  trust: ForeignTrustList,
  at: number,
  { checkTimes = true }: { checkTimes?: boolean } = {},
): ForeignCertificate {
  const { cose, cwt } = decodeHcert(text)
  if (!cose.alg)
    throw new NpError('NP_ERR_FOREIGN_UNSUPPORTED', { params: { kind: KIND, detail: 'an unknown algorithm' } })
  const kidB64 = cose.kid ? base64Encode(cose.kid) : ''
  if (!kidB64 || trust.revoked.includes(kidB64))
    throw new NpError('NP_ERR_FOREIGN_ISSUER_UNKNOWN', { params: { kind: KIND, kid: kidB64 || '(none)' } })
  const candidates = trust.dsc.filter((d) => d.kid === kidB64)
  if (!candidates.length) throw new NpError('NP_ERR_FOREIGN_ISSUER_UNKNOWN', { params: { kind: KIND, kid: kidB64 } })
  const dsc = candidates.find((d) => verifyCose(cose, parseCertificate(base64Decode(d.cert))))
  if (!dsc) throw new NpError('NP_ERR_FOREIGN_TAMPERED', { params: { kind: KIND } })
  const cert = parseCertificate(base64Decode(dsc.cert))
  if (!keyUsageAllows(cert, cwt.dgc))
    throw new NpError('NP_ERR_FOREIGN_UNSUPPORTED', {
      params: { kind: KIND, detail: `a key not allowed to sign type ${hcertTypes(cwt.dgc).join('/')}` },
    })
  if (checkTimes) checkCwtTimes(cwt, at)
  return {
    kind: 'eu-dcc',
    issuerCountry: cwt.iss || dsc.country,
    issuer: cwt.iss || dsc.country,
    kid: kidB64,
    alg: cose.alg,
    ...(cwt.iat !== undefined ? { issuedAt: cwt.iat * 1000 } : {}),
    ...(cwt.exp !== undefined ? { expiresAt: cwt.exp * 1000 } : {}),
    ...mapDgc(cwt.dgc, cwt),
  }
}
