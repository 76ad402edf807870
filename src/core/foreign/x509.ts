/**
 * Just enough DER to use an X.509 signing certificate as a key: the
 * SubjectPublicKeyInfo (EC P-256/P-384 point or RSA modulus and exponent),
 * the validity window, the issuer's country and the HCERT extended key
 * usages. The certificate's own chain is not checked here: trust comes from
 * the national root's signature over the foreign trust list that carries it.
 */
import { sha256 } from '@noble/hashes/sha2'
import { NpError } from '../errors'

interface Tlv {
  tag: number
  /** Content start. */
  start: number
  end: number
}

function fail(detail: string): never {
  throw new NpError('NP_ERR_FOREIGN_MALFORMED', { params: { detail: `X.509: ${detail}` } })
}

function tlv(b: Uint8Array, pos: number, limit = b.length): Tlv {
  if (pos + 2 > limit) fail('data ends early')
  const tag = b[pos]
  let len = b[pos + 1]
  let start = pos + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n < 1 || n > 3 || start + n > limit) fail('bad length')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]
    start += n
  }
  if (start + len > limit) fail('element longer than its container')
  return { tag, start, end: start + len }
}

function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = []
  for (let p = t.start; p < t.end; ) {
    const c = tlv(b, p, t.end)
    out.push(c)
    p = c.end
  }
  return out
}

function oid(b: Uint8Array, t: Tlv): string {
  if (t.tag !== 6) fail('expected an OID')
  const parts: number[] = []
  let n = 0
  for (let i = t.start; i < t.end; i++) {
    n = n * 128 + (b[i] & 0x7f)
    if (!(b[i] & 0x80)) {
      if (!parts.length) parts.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80)
      else parts.push(n)
      n = 0
    }
  }
  return parts.join('.')
}

function time(b: Uint8Array, t: Tlv): number {
  const s = String.fromCharCode(...b.subarray(t.start, t.end))
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
  if (!m) fail(`bad time ${s}`)
  let y = Number(m[1])
  if (t.tag === 0x17) y += y < 50 ? 2000 : 1900
  return Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
}

export const OID_EC = '1.2.840.10045.2.1'
export const OID_P256 = '1.2.840.10045.3.1.7'
export const OID_P384 = '1.3.132.0.34'
export const OID_RSA = '1.2.840.113549.1.1.1'
export const OID_RSA_PSS = '1.2.840.113549.1.1.10'
/** HCERT extended key usages (hcert spec §5.1.1): the certificate may sign tests, vaccinations, recoveries. */
export const EKU_HCERT = {
  t: '1.3.6.1.4.1.1847.2021.1.1',
  v: '1.3.6.1.4.1.1847.2021.1.2',
  r: '1.3.6.1.4.1.1847.2021.1.3',
}
/** The same OIDs as some issuers registered them. */
const EKU_ALT = { t: '1.3.6.1.4.1.0.1847.2021.1.1', v: '1.3.6.1.4.1.0.1847.2021.1.2', r: '1.3.6.1.4.1.0.1847.2021.1.3' }

/** A public key usable by the foreign verifiers. */
export type ForeignPublicKey =
  | { kty: 'EC'; crv: 'P-256' | 'P-384' /** Uncompressed point. */; point: Uint8Array }
  | { kty: 'RSA'; n: Uint8Array; e: Uint8Array }

/** What a signing certificate says that the verifiers use. */
export interface SigningCert {
  key: ForeignPublicKey
  notBefore: number
  notAfter: number
  /** Issuer's C= attribute, when present. */
  country?: string
  /** HCERT types this certificate may sign; empty when it names no HCERT usage (then it may sign all). */
  usages: Array<'t' | 'v' | 'r'>
  /**
   * True when an extended key usage names real purposes (OIDs of three or more
   * arcs) but no HCERT one: RFC 5280 §4.2.1.12 restricts the key to those.
   */
  otherPurposesOnly: boolean
  /** First 8 bytes of SHA-256 of the DER certificate: the HCERT key id. */
  kid: Uint8Array
}

/** The key id HCERT derives from a DER certificate. */
export function hcertKid(der: Uint8Array): Uint8Array {
  return sha256(der).slice(0, 8)
}

function spki(b: Uint8Array, t: Tlv): ForeignPublicKey {
  const [alg, bits] = children(b, t)
  if (!alg || !bits || bits.tag !== 3) fail('bad SubjectPublicKeyInfo')
  const algs = children(b, alg)
  const kind = oid(b, algs[0])
  const key = b.slice(bits.start + 1, bits.end)
  if (kind === OID_EC) {
    const curve = algs[1] && algs[1].tag === 6 ? oid(b, algs[1]) : ''
    if (curve !== OID_P256 && curve !== OID_P384) fail(`unsupported curve ${curve}`)
    return { kty: 'EC', crv: curve === OID_P256 ? 'P-256' : 'P-384', point: key }
  }
  if (kind === OID_RSA || kind === OID_RSA_PSS) {
    const seq = tlv(key, 0)
    const [n, e] = children(key, seq)
    if (!n || !e || n.tag !== 2 || e.tag !== 2) fail('bad RSA key')
    let ns = n.start
    while (ns < n.end - 1 && key[ns] === 0) ns++
    return { kty: 'RSA', n: key.slice(ns, n.end), e: key.slice(e.start, e.end) }
  }
  return fail(`unsupported key algorithm ${kind}`)
}

/** Parses a DER X.509 certificate's key, window, issuer country and HCERT usages. */
export function parseCertificate(der: Uint8Array): SigningCert {
  const cert = tlv(der, 0)
  if (cert.tag !== 0x30 || cert.end !== der.length) fail('not a DER certificate')
  const tbs = children(der, cert)[0]
  if (!tbs || tbs.tag !== 0x30) fail('no tbsCertificate')
  const f = children(der, tbs)
  let i = f[0]?.tag === 0xa0 ? 1 : 0
  i += 2 // serialNumber, signature algorithm
  const issuer = f[i++]
  const validity = f[i++]
  i++ // subject
  const keyInfo = f[i++]
  if (!issuer || !validity || !keyInfo) fail('tbsCertificate is short')
  const [nb, na] = children(der, validity)
  let country: string | undefined
  for (const rdn of children(der, issuer))
    for (const atv of children(der, rdn)) {
      const [type, value] = children(der, atv)
      if (type && value && oid(der, type) === '2.5.4.6')
        country = String.fromCharCode(...der.subarray(value.start, value.end))
    }
  const usages: Array<'t' | 'v' | 'r'> = []
  let others = 0
  const ext = f.slice(i).find((x) => x.tag === 0xa3)
  if (ext) {
    for (const e of children(der, children(der, ext)[0])) {
      const parts = children(der, e)
      const id = oid(der, parts[0])
      const value = parts[parts.length - 1]
      if (id !== '2.5.29.37') continue
      for (const u of children(der, tlv(der, value.start, value.end))) {
        const o = oid(der, u)
        const before = usages.length
        for (const k of ['t', 'v', 'r'] as const) if (EKU_HCERT[k] === o || EKU_ALT[k] === o) usages.push(k)
        if (usages.length === before && o.split('.').length >= 3) others++
      }
    }
  }
  return {
    key: spki(der, keyInfo),
    notBefore: time(der, nb),
    notAfter: time(der, na),
    ...(country ? { country } : {}),
    usages,
    otherPurposesOnly: others > 0 && usages.length === 0,
    kid: hcertKid(der),
  }
}
