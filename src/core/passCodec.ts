/**
 * The traveller's pass QR: province-signed claims for one holder, as
 * `NP1:` + base45 of a compact binary (QR alphanumeric mode), or `NP3:` with
 * one signed pass bundle per authority (passBundle.ts) and individual claims
 * where an authority offers no bundle. A guard decodes and verifies it
 * offline against the trust list. Layout in docs/formats.md.
 */
import { base45Decode, base45Encode } from './base45'
import { bytesEqual, concat, Reader, utf8Encode, Writer } from './bytes'
import {
  type Claim,
  type Holder,
  type SignatureCheck,
  type SignedClaim,
  type TimeOptions,
  DEFAULT_SKEW_TOLERANCE_MS,
  decodeClaim,
  readClaimHeader,
  readHolder,
  checkClaimWithKey,
  sameHolder,
  verifyDecodedClaim,
  writeHolder,
} from './claims'
import { sign, verify } from './ed25519'
import { verifyAsync } from './ed25519Async'
import { type ErrorCode, formatDuration, isNpError, NpError, toNpError } from './errors'
import type { Verification } from './model'
import {
  type DecodedBundle,
  decodeBundle,
  elideBundleHolder,
  readBundleHeader,
  type SignedBundle,
  verifyBundleSignature,
} from './passBundle'
import { findKey, publicKeyBytes, type TrustList } from './trustList'

/** The text every pass starts with; the digit is the format version. */
export const PASS_PREFIX = 'NP1:'
/**
 * A pass bound to its holder's phone: the NP1 payload (which carries the
 * province's `dk` claim certifying the phone's key), then the time it was
 * shown (u32 seconds) and the phone's Ed25519 signature over
 * {@link BINDING_CONTEXT} ‖ payload ‖ time.
 */
export const BOUND_PASS_PREFIX = 'NP2:'
/** A bound QR shown longer ago than this (clock differences included) is refused as a copy. */
export const BINDING_WINDOW_MS = 60_000
/** A bound QR may be shown this far in the guard's future (the phone's clock ahead). */
export const BINDING_AHEAD_MS = 30_000
const BINDING_CONTEXT = utf8Encode('national-pass holder binding v1\n')
/**
 * The compact pass: holder once, then per authority one signed pass bundle
 * (or, where it offers none, its individual signed claims), optionally bound
 * to the phone by the same trailer as `NP2:` (the phone's key travels as a
 * `dk` item inside a bundle). See docs/formats.md.
 */
export const BUNDLED_PASS_PREFIX = 'NP3:'
const BINDING_CONTEXT_V3 = utf8Encode('national-pass holder binding v3\n')
/** The longest text a QR code holds (version 40, alphanumeric): longer text is refused unread. */
export const MAX_PASS_TEXT = 4296
/** Most claims one pass may carry. */
export const MAX_PASS_CLAIMS = 16
/** Default screenshot limit: 10 minutes. */
export const DEFAULT_MAX_AGE_MS = 10 * 60_000
const SIG_LENGTH = 64

/** A pass as the traveller's app builds it. */
export interface Pass {
  v: 1
  /** Stored once; every claim naming the same holder has it cut out and spliced back on decode. */
  holder: Holder
  /**
   * Not on the wire: nothing signs it, so a guard must not rely on it. On
   * decode it is the `iat` of the newest claim (signed by its province).
   */
  generatedAt?: number
  /** Individual signed claims (all of them in `NP1:`; in `NP3:` those of authorities without a bundle). */
  claims: SignedClaim[]
  /** Signed pass bundles, one per authority: when present and non-empty the pass is `NP3:`. */
  bundles?: SignedBundle[]
}

/** Where a decoded claim of a pass comes from: an individual signed claim or an item of a bundle. */
export type PassOrigin = { claim: number } | { bundle: number }

/** A decoded pass: each claim's signed bytes rebuilt exactly, and decoded. */
export interface DecodedPass extends Pass {
  generatedAt: number
  decoded: Claim[]
  /** For an NP3 pass: where each `decoded` claim comes from (NP1/NP2: `decoded[i]` is `claims[i]`). */
  origins?: PassOrigin[]
  /** For an NP3 pass: the bundles, decoded. */
  decodedBundles?: DecodedBundle[]
  /** For an NP2/NP3 pass: when the phone showed it, its signature and the bytes it signs. */
  binding?: { shownAt: number; sig: Uint8Array; signed: Uint8Array }
}

const malformed = (detail: string): NpError => new NpError('NP_ERR_PASS_MALFORMED', { params: { detail } })

/**
 * Encodes a pass as `NP1:` + base45, or as `NP3:` when it has bundles. Throws
 * `NP_ERR_VALIDATION` for an empty or oversized pass.
 */
export function encodePass(pass: Pass): string {
  if (pass.bundles?.length) return BUNDLED_PASS_PREFIX + base45Encode(bundledPayload(pass, false))
  return PASS_PREFIX + base45Encode(passPayload(pass))
}

/**
 * Encodes a pass bound to the phone whose secret key is `deviceSecret`,
 * shown at `shownAt` (ms): `NP2:` + base45(payload ‖ time ‖ signature). The
 * pass must carry the province's `dk` claim for that phone's public key.
 * A pass with bundles is a bound `NP3:` (the same trailer); the phone's key
 * then travels as a `dk` item inside a bundle, no separate claim needed.
 */
export function encodeBoundPass(pass: Pass, deviceSecret: Uint8Array, shownAt: number): string {
  if (pass.bundles?.length) {
    const signed = new Writer()
      .raw(bundledPayload(pass, true))
      .u32(Math.floor(shownAt / 1000))
      .finish()
    return BUNDLED_PASS_PREFIX + base45Encode(concat(signed, sign(concat(BINDING_CONTEXT_V3, signed), deviceSecret)))
  }
  const signed = new Writer()
    .raw(passPayload(pass))
    .u32(Math.floor(shownAt / 1000))
    .finish()
  return BOUND_PASS_PREFIX + base45Encode(concat(signed, sign(concat(BINDING_CONTEXT, signed), deviceSecret)))
}

function passPayload(pass: Pass): Uint8Array {
  if (!pass.claims.length || pass.claims.length > MAX_PASS_CLAIMS) {
    throw new NpError('NP_ERR_VALIDATION', {
      params: { field: 'claims', detail: `a pass carries 1..${MAX_PASS_CLAIMS} claims` },
    })
  }
  const holder = writeHolder(new Writer(), pass.holder).finish()
  const w = new Writer().raw(holder).varint(pass.claims.length)
  for (const { bytes, sig } of pass.claims) {
    if (sig.length !== SIG_LENGTH)
      throw new NpError('NP_ERR_VALIDATION', { params: { field: 'sig', detail: 'must be 64 bytes' } })
    const { entry, elide } = holderCut(bytes, holder)
    w.varint(entry.length * 2 + (elide ? 1 : 0))
      .raw(entry)
      .raw(sig)
  }
  return w.finish()
}

function holderCut(bytes: Uint8Array, holder: Uint8Array): { entry: Uint8Array; elide: boolean } {
  const r = new Reader(bytes)
  const { hasHolder } = readClaimHeader(r)
  const start = r.offset
  if (hasHolder) readHolder(r)
  const elide = hasHolder && bytesEqual(bytes.subarray(start, r.offset), holder)
  return { entry: elide ? concat(bytes.subarray(0, start), bytes.subarray(r.offset)) : bytes, elide }
}

/** NP3: holder, `varint (entries << 1 | bound)`, per entry `varint (length << 2 | bundle << 1 | elided)`, bytes, signature. */
function bundledPayload(pass: Pass, bound: boolean): Uint8Array {
  const bundles = pass.bundles ?? []
  const entries = bundles.length + pass.claims.length
  if (entries > MAX_PASS_CLAIMS) {
    throw new NpError('NP_ERR_VALIDATION', {
      params: { field: 'claims', detail: `a pass carries 1..${MAX_PASS_CLAIMS} claims` },
    })
  }
  const holder = writeHolder(new Writer(), pass.holder).finish()
  const w = new Writer().raw(holder).varint(entries * 2 + (bound ? 1 : 0))
  const put = (entry: Uint8Array, bundle: boolean, elide: boolean, sig: Uint8Array): void => {
    if (sig.length !== SIG_LENGTH)
      throw new NpError('NP_ERR_VALIDATION', { params: { field: 'sig', detail: 'must be 64 bytes' } })
    w.varint(entry.length * 4 + (bundle ? 2 : 0) + (elide ? 1 : 0))
      .raw(entry)
      .raw(sig)
  }
  let items = pass.claims.length
  for (const b of bundles) {
    items += decodeBundle(b.bytes).items.length
    const cut = elideBundleHolder(b.bytes, holder)
    put(cut ?? b.bytes, true, cut !== null, b.sig)
  }
  if (items > MAX_PASS_CLAIMS) {
    throw new NpError('NP_ERR_VALIDATION', {
      params: { field: 'claims', detail: `a pass carries 1..${MAX_PASS_CLAIMS} claims` },
    })
  }
  for (const { bytes, sig } of pass.claims) {
    const { entry, elide } = holderCut(bytes, holder)
    put(entry, false, elide, sig)
  }
  return w.finish()
}

/** Reads the entries of an NP3 payload after the holder. */
function readBundled(
  r: Reader,
  holderBytes: Uint8Array,
): Pick<DecodedPass, 'claims' | 'decoded' | 'origins' | 'decodedBundles' | 'bundles'> & { bound: boolean } {
  const head = r.varint()
  const count = Math.floor(head / 2)
  if (count < 1 || count > MAX_PASS_CLAIMS) r.fail(`carries ${count} entries`)
  const claims: SignedClaim[] = []
  const bundles: SignedBundle[] = []
  const decodedBundles: DecodedBundle[] = []
  const decoded: Claim[] = []
  const origins: PassOrigin[] = []
  for (let i = 0; i < count; i++) {
    const h = r.varint()
    let bytes = r.take(Math.floor(h / 4))
    const isBundle = (h & 2) !== 0
    if (h & 1) {
      const cr = new Reader(bytes, 'NP_ERR_PASS_MALFORMED')
      if (isBundle) readBundleHeader(cr)
      else if (!readClaimHeader(cr).hasHolder) r.fail('holder cut from a claim that has none')
      bytes = concat(bytes.subarray(0, cr.offset), holderBytes, bytes.subarray(cr.offset))
    }
    const signed = { bytes: Uint8Array.from(bytes), sig: Uint8Array.from(r.take(SIG_LENGTH)) }
    if (isBundle) {
      const b = decodeBundle(signed.bytes, 'NP_ERR_PASS_MALFORMED')
      for (const item of b.items) {
        decoded.push(item)
        origins.push({ bundle: bundles.length })
      }
      bundles.push(signed)
      decodedBundles.push(b)
    } else {
      decoded.push(decodeClaim(signed.bytes))
      origins.push({ claim: claims.length })
      claims.push(signed)
    }
    if (decoded.length > MAX_PASS_CLAIMS) r.fail(`carries more than ${MAX_PASS_CLAIMS} claims`)
  }
  return { claims, bundles, decodedBundles, decoded, origins, bound: (head & 1) === 1 }
}

/**
 * Decodes a pass without verifying it. Anything that is not a pass is
 * `NP_ERR_PASS_MALFORMED`; a pass of another format version is
 * `NP_ERR_PASS_VERSION`. Never throws anything else.
 */
export function decodePass(text: string): DecodedPass {
  try {
    if (typeof text !== 'string') throw malformed('not text')
    if (text.length > MAX_PASS_TEXT) throw malformed(`longer than any QR code (${text.length} characters)`)
    const t = text.trim()
    const m = /^NP(\d{1,3}):/.exec(t)
    if (!m) throw malformed(`does not start with ${PASS_PREFIX}`)
    if (m[1] !== '1' && m[1] !== '2' && m[1] !== '3')
      throw new NpError('NP_ERR_PASS_VERSION', { params: { version: m[1] } })
    const r = new Reader(base45Decode(t.slice(m[0].length)), 'NP_ERR_PASS_MALFORMED')
    const start = r.offset
    const holder = readHolder(r)
    const holderBytes = r.buf.subarray(start, r.offset)
    if (m[1] === '3') {
      const { bound, ...rest } = readBundled(r, holderBytes)
      let binding: DecodedPass['binding']
      if (bound) {
        const shownAt = r.u32() * 1000
        const signed = r.buf.subarray(0, r.offset)
        binding = { shownAt, signed: concat(BINDING_CONTEXT_V3, signed), sig: Uint8Array.from(r.take(SIG_LENGTH)) }
      }
      r.end()
      const generatedAt = Math.max(...rest.decoded.map((c) => c.iat))
      return { v: 1, holder, generatedAt, ...rest, ...(binding ? { binding } : {}) }
    }
    const count = r.varint()
    if (count < 1 || count > MAX_PASS_CLAIMS) r.fail(`carries ${count} claims`)
    const claims: SignedClaim[] = []
    for (let i = 0; i < count; i++) {
      const head = r.varint()
      let bytes = r.take(Math.floor(head / 2))
      if (head % 2) {
        const cr = new Reader(bytes, 'NP_ERR_PASS_MALFORMED')
        if (!readClaimHeader(cr).hasHolder) r.fail('holder cut from a claim that has none')
        bytes = concat(bytes.subarray(0, cr.offset), holderBytes, bytes.subarray(cr.offset))
      }
      claims.push({ bytes: Uint8Array.from(bytes), sig: Uint8Array.from(r.take(SIG_LENGTH)) })
    }
    let binding: DecodedPass['binding']
    if (m[1] === '2') {
      const shownAt = r.u32() * 1000
      const signed = r.buf.subarray(0, r.offset)
      binding = { shownAt, signed: concat(BINDING_CONTEXT, signed), sig: Uint8Array.from(r.take(SIG_LENGTH)) }
    }
    r.end()
    const decoded = claims.map((c) => decodeClaim(c.bytes))
    const generatedAt = Math.max(...decoded.map((c) => c.iat))
    return { v: 1, holder, generatedAt, claims, decoded, ...(binding ? { binding } : {}) }
  } catch (e) {
    if (isNpError(e) && (e.code === 'NP_ERR_PASS_MALFORMED' || e.code === 'NP_ERR_PASS_VERSION')) throw e
    throw new NpError('NP_ERR_PASS_MALFORMED', {
      cause: e,
      params: { detail: e instanceof Error ? e.message : 'unreadable' },
    })
  }
}

/** Options for {@link verifyPass}. */
export interface PassVerifyOptions extends TimeOptions {
  /**
   * A pass whose newest health-code claim (or newest claim, when it carries
   * no health code) was issued longer ago than this, plus the skew
   * tolerance, is flagged `NP_ERR_PASS_SCREENSHOT`.
   * @default 600000 (10 min)
   */
  maxAgeMs?: number
  /** Refuse a pass not bound to its holder's phone (`NP_ERR_PASS_NOT_BOUND`). @default false (NP1 passes are judged as before) */
  requireBinding?: boolean
}

/** One claim of a pass and what verification found. */
export interface PassClaimCheck {
  claim: Claim
  signed: SignedClaim
  verification: Verification
  /** `at` − `iat`, ms; negative when issued in the verifier's future. */
  ageMs: number
  /** Set when the claim is an item of a pass bundle (its index in the pass): `signed` is then the bundle's bytes and its one signature. */
  bundle?: number
}

/** A pass-level problem. */
export interface PassProblem {
  code: ErrorCode
  message: string
  /** The message's values, to render it in another language. */
  params?: Record<string, string | number>
}

/** What a guard sees after one scan. */
export interface PassCheck {
  holder: Holder
  generatedAt: number
  claims: PassClaimCheck[]
  problems: PassProblem[]
  /** True only when every claim verified and there is no pass-level problem. */
  valid: boolean
  /** Signed by the holder's certified phone within {@link BINDING_WINDOW_MS}. */
  bound: boolean
  /** When the holder's phone showed it (ms), for a bound pass. */
  shownAt?: number
}

/**
 * Decodes and verifies a pass offline at time `at` (ms). Throws only what
 * {@link decodePass} throws; everything else is reported in the result:
 * each claim's verification (see `verifySignedClaim`, skew tolerance
 * `opts.skewToleranceMs`, default 5 min, applied to every time comparison),
 * and the pass-level problems `NP_ERR_PASS_HOLDER_MISMATCH` (a claim names
 * someone else), `NP_ERR_PASS_UNBOUND` (a claim names no one),
 * `NP_ERR_PASS_EXPIRED` (a health-code claim expired) and
 * `NP_ERR_PASS_SCREENSHOT` (too old, see {@link PassVerifyOptions.maxAgeMs}),
 * `NP_ERR_PASS_CLAIM_STALE` (another health code in it older than that).
 */
export function verifyPass(text: string, trustList: TrustList, at: number, opts: PassVerifyOptions = {}): PassCheck {
  return judgePass(decodePass(text), trustList, at, opts, verify)
}

/**
 * {@link verifyPass}, with every signature of the pass (each claim's under its
 * listed key, an NP2 binding's under each `dk` key) checked concurrently by
 * `verifyAsync`: the runtime's native WebCrypto Ed25519 where it has one, the
 * precomputed pure-JS path elsewhere (src/core/ed25519Async.ts). Then the very
 * same checks as `verifyPass`, answering from those results, so both give the
 * same `PassCheck` for any text. Rejects only with what {@link decodePass} throws.
 */
export async function verifyPassAsync(
  text: string,
  trustList: TrustList,
  at: number,
  opts: PassVerifyOptions = {},
): Promise<PassCheck> {
  const pass = decodePass(text)
  return judgePass(pass, trustList, at, opts, await checkSignatures(pass, trustList))
}

/**
 * Verifies concurrently every signature `judgePass` may ask about; the
 * returned check answers from those results (matched by the very signature,
 * message and key), and verifies synchronously anything else.
 */
async function checkSignatures(pass: DecodedPass, trustList: TrustList): Promise<SignatureCheck> {
  const done: Array<{ sig: Uint8Array; msg: Uint8Array; key: Uint8Array; ok: boolean }> = []
  const jobs: Array<Promise<void>> = []
  const want = (sig: Uint8Array, msg: Uint8Array, key: Uint8Array): void => {
    jobs.push(verifyAsync(sig, msg, key).then((ok) => void done.push({ sig, msg, key, ok })))
  }
  const listed = (kid: string): Uint8Array | undefined => {
    try {
      return publicKeyBytes(findKey(trustList, kid))
    } catch {
      return undefined // unknown or revoked: judgePass refuses it before any signature check
    }
  }
  const origins = pass.origins ?? pass.decoded.map((_, i): PassOrigin => ({ claim: i }))
  origins.forEach((o, i) => {
    if (!('claim' in o)) return
    const key = listed(pass.decoded[i].kid)
    if (key) want(pass.claims[o.claim].sig, pass.claims[o.claim].bytes, key)
  })
  // NP3: one signature per bundle, under the key the bundle names.
  ;(pass.bundles ?? []).forEach((sb, j) => {
    const key = listed(pass.decodedBundles?.[j]?.kid ?? '')
    if (key) want(sb.sig, sb.bytes, key)
  })
  const b = pass.binding
  if (b) for (const c of pass.decoded) if (c.typ === 'dk') want(b.sig, b.signed, c.body.publicKey)
  await Promise.all(jobs)
  return (sig, msg, key) => {
    const hit = done.find((d) => d.sig === sig && d.msg === msg && bytesEqual(d.key, key))
    return hit ? hit.ok : verify(sig, msg, key)
  }
}

/** The checks of {@link verifyPass} on a decoded pass, signatures checked by `check`. */
function judgePass(
  pass: DecodedPass,
  trustList: TrustList,
  at: number,
  opts: PassVerifyOptions,
  check: SignatureCheck,
): PassCheck {
  const skew = opts.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS
  const maxAge = opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS
  const problems: PassProblem[] = []
  const add = (e: NpError): void => {
    if (!problems.some((p) => p.code === e.code)) problems.push({ code: e.code, message: e.message, params: e.params })
  }
  const invalid = (e: unknown): Verification => {
    const err = toNpError(e, 'NP_ERR_SIGNATURE_INVALID')
    return { status: 'invalid', code: err.code, message: err.message, params: err.params }
  }
  // One signature per bundle, verified once; then each item is judged on its own dates.
  const bundleChecks = (pass.bundles ?? []).map((sb) => {
    try {
      return verifyBundleSignature(sb, trustList, at, { skewToleranceMs: skew }, check)
    } catch (e) {
      return invalid(e)
    }
  })
  const origins = pass.origins ?? pass.decoded.map((_, i): PassOrigin => ({ claim: i }))
  const claims = pass.decoded.map((claim, i): PassClaimCheck => {
    const origin = origins[i]
    let verification: Verification
    if ('bundle' in origin) {
      const bc = bundleChecks[origin.bundle]
      const signed = (pass.bundles ?? [])[origin.bundle]
      if ('status' in bc) verification = bc
      else {
        try {
          checkClaimWithKey(claim, bc.key, trustList, at, { skewToleranceMs: skew })
          verification = { status: 'verified', kid: bc.key.kid }
        } catch (e) {
          verification = invalid(e)
        }
      }
      if (!claim.holder) add(new NpError('NP_ERR_PASS_UNBOUND', { params: { typ: claim.typ } }))
      else if (!sameHolder(claim.holder, pass.holder)) add(new NpError('NP_ERR_PASS_HOLDER_MISMATCH'))
      return { claim, signed, verification, ageMs: at - claim.iat, bundle: origin.bundle }
    }
    const signed = pass.claims[origin.claim]
    try {
      verification = {
        status: 'verified',
        // The claim was decoded from these very bytes by decodePass: not decoded again.
        kid: verifyDecodedClaim(claim, signed, trustList, at, { skewToleranceMs: skew }, check).kid,
      }
    } catch (e) {
      verification = invalid(e)
    }
    if (!claim.holder) add(new NpError('NP_ERR_PASS_UNBOUND', { params: { typ: claim.typ } }))
    else if (!sameHolder(claim.holder, pass.holder)) add(new NpError('NP_ERR_PASS_HOLDER_MISMATCH'))
    return { claim, signed, verification, ageMs: at - claim.iat }
  })
  const codes = pass.decoded.filter((c) => c.typ === 'hc')
  const expired = codes.filter((c) => at > c.exp + skew)
  if (expired.length)
    add(
      new NpError('NP_ERR_PASS_EXPIRED', {
        params: { ago: formatDuration(at - Math.min(...expired.map((c) => c.exp))) },
      }),
    )
  const newest = Math.max(...(codes.length ? codes : pass.decoded).map((c) => c.iat))
  if (at - newest > maxAge + skew)
    add(new NpError('NP_ERR_PASS_SCREENSHOT', { params: { age: formatDuration(at - newest) } }))
  // Every code is judged on its own date, not only the newest: a stale code
  // from one province must not ride along with a fresh one from another.
  for (const c of codes) {
    if (c.iat !== newest && at - c.iat > maxAge + skew)
      add(new NpError('NP_ERR_PASS_CLAIM_STALE', { params: { province: c.iss, age: formatDuration(at - c.iat) } }))
  }
  let bound = false
  if (pass.binding) {
    const b = pass.binding
    const certified = claims.filter((c) => c.claim.typ === 'dk' && c.verification.status === 'verified')
    const keyOf = (c: PassClaimCheck): Uint8Array => (c.claim.typ === 'dk' ? c.claim.body.publicKey : new Uint8Array())
    if (!pass.decoded.some((c) => c.typ === 'dk'))
      add(new NpError('NP_ERR_PASS_BINDING_INVALID', { params: { detail: 'no certified phone key' } }))
    else if (!certified.some((c) => check(b.sig, b.signed, keyOf(c)))) {
      if (certified.length)
        add(new NpError('NP_ERR_PASS_BINDING_INVALID', { params: { detail: 'not signed by the certified phone' } }))
    } else if (at - b.shownAt > BINDING_WINDOW_MS)
      add(new NpError('NP_ERR_PASS_BINDING_STALE', { params: { age: formatDuration(at - b.shownAt) } }))
    else if (b.shownAt - at > BINDING_AHEAD_MS)
      add(new NpError('NP_ERR_CLAIM_NOT_YET_VALID', { params: { ahead: formatDuration(b.shownAt - at) } }))
    else bound = true
  } else if (opts.requireBinding) add(new NpError('NP_ERR_PASS_NOT_BOUND'))
  const valid = !problems.length && claims.every((c) => c.verification.status === 'verified')
  const shownAt = bound && pass.binding ? { shownAt: pass.binding.shownAt } : {}
  return { holder: pass.holder, generatedAt: pass.generatedAt, claims, problems, valid, bound, ...shownAt }
}

/** Whether text starts as a pass of a format this app reads (`NP1:`, `NP2:`, `NP3:`). */
export function looksLikePass(text: string): boolean {
  return /^NP[123]:/.test(text.trim())
}

/** Whether a pass text is bound to the holder's phone (`NP2:`, or an `NP3:` with the binding trailer); false for anything unreadable. */
export function isBoundPass(text: string): boolean {
  try {
    return decodePass(text).binding !== undefined
  } catch {
    return false
  }
}
