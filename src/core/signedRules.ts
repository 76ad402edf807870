/**
 * Entry rules (and any other authority document, e.g. a risk-area list)
 * travel in a signed envelope: the exact JSON text, the id of the signing
 * key and an Ed25519 signature over a context string plus that text. The key
 * must be listed in the trust list for the rule set's own province, not
 * revoked, and valid when the set was published. An unsigned, wrongly signed
 * or empty rule set is never used for a verdict.
 */
import { base64urlDecode, base64urlEncode, utf8Encode } from './bytes'
import { sign, verify } from './ed25519'
import { NpError } from './errors'
import type { ProvinceCode } from './model'
import { compareVersions, loadRuleSet } from './rules/engine'
import type { RuleSet } from './rules/types'
import { findKey, publicKeyBytes, type TrustList } from './trustList'

/** The envelope's format tag. */
export const SIGNED_RULES_FORMAT = 'np-signed-rules/1'
/** Signed bytes are this context followed by the payload, so a rules signature is never a claim signature. */
const CONTEXT = 'national-pass entry rules v1\n'
/** Longest payload read (a rule set is ~20 KB). */
export const MAX_RULES_PAYLOAD = 1_000_000

/** A rule set as a province publishes it. */
export interface SignedRuleSet {
  format: typeof SIGNED_RULES_FORMAT
  /** JSON of the rule set, exactly as signed. */
  payload: string
  /** The trust-list key that signed it (one of the province's). */
  kid: string
  /** Ed25519 signature of context + payload, base64url. */
  sig: string
}

/** A rule set whose signature was checked: it names its signer. */
export type VerifiedRuleSet = RuleSet & { signedBy: string }

/** Signs a rule set (the JSON text of `set`) with a province key. */
export function signRuleSet(set: unknown, secretKey: Uint8Array, kid: string): SignedRuleSet {
  const payload = JSON.stringify(set)
  return {
    format: SIGNED_RULES_FORMAT,
    payload,
    kid,
    sig: base64urlEncode(sign(utf8Encode(CONTEXT + payload), secretKey)),
  }
}

/** True for something shaped like a {@link SignedRuleSet} (not yet verified). */
export function isSignedRuleSet(doc: unknown): doc is SignedRuleSet {
  if (typeof doc !== 'object' || doc === null) return false
  const d = doc as Record<string, unknown>
  return (
    d.format === SIGNED_RULES_FORMAT &&
    typeof d.payload === 'string' &&
    typeof d.kid === 'string' &&
    typeof d.sig === 'string'
  )
}

const unsigned = (province: string, detail: string): NpError =>
  new NpError('NP_ERR_RULES_UNSIGNED', { params: { province, detail } })

/**
 * Verifies a published rules document against the trust list and loads it.
 * `NP_ERR_RULES_UNSIGNED` when it is not an envelope, the key is unknown,
 * revoked, of another province or outside its window at publication, or the
 * signature does not match; `NP_ERR_RULES_INVALID` for a signed but malformed
 * or empty set (see `loadRuleSet`).
 * @param expected the province whose rules are wanted
 */
export function verifyRuleSet(doc: unknown, trustList: TrustList, expected: ProvinceCode): VerifiedRuleSet {
  const input = ruleSetSigningInput(doc, trustList, expected)
  if (!verify(input.signature, input.message, input.publicKey)) throw unsigned(expected, 'bad signature')
  return loadSignedRuleSet(input, expected)
}

/**
 * {@link verifyRuleSet} with the signature checked by `verifyAsync` (src/core/ed25519Async.ts: native WebCrypto
 * where the runtime has it, the same pure-JS check elsewhere): the same answers.
 */
export async function verifyRuleSetAsync(
  doc: unknown,
  trustList: TrustList,
  expected: ProvinceCode,
  verifyAsync: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => Promise<boolean>,
): Promise<VerifiedRuleSet> {
  const input = ruleSetSigningInput(doc, trustList, expected)
  if (!(await verifyAsync(input.signature, input.message, input.publicKey))) throw unsigned(expected, 'bad signature')
  return loadSignedRuleSet(input, expected)
}

interface RuleSetSigningInput {
  doc: SignedRuleSet
  key: ReturnType<typeof findKey>
  signature: Uint8Array
  message: Uint8Array
  publicKey: Uint8Array
}

function ruleSetSigningInput(doc: unknown, trustList: TrustList, expected: ProvinceCode): RuleSetSigningInput {
  if (!isSignedRuleSet(doc)) throw unsigned(expected, 'no signature')
  if (doc.payload.length > MAX_RULES_PAYLOAD) throw unsigned(expected, 'payload too long')
  let key: ReturnType<typeof findKey>
  try {
    key = findKey(trustList, doc.kid)
  } catch (e) {
    throw unsigned(expected, e instanceof Error ? e.message : String(e))
  }
  if (key.province !== expected) throw unsigned(expected, `key ${doc.kid} belongs to ${key.province}`)
  let sig: Uint8Array
  try {
    sig = base64urlDecode(doc.sig)
  } catch {
    throw unsigned(expected, 'signature is not base64url')
  }
  return { doc, key, signature: sig, message: utf8Encode(CONTEXT + doc.payload), publicKey: publicKeyBytes(key) }
}

/** The rule set a checked signature covers: parsed, for the province wanted, published within its key's window. */
function loadSignedRuleSet({ doc, key }: RuleSetSigningInput, expected: ProvinceCode): VerifiedRuleSet {
  let json: unknown
  try {
    json = JSON.parse(doc.payload)
  } catch {
    throw new NpError('NP_ERR_RULES_INVALID', {
      params: { province: expected, rule: '(rule set)', detail: 'not JSON' },
    })
  }
  const set = loadRuleSet(json)
  if (set.province !== expected) throw unsigned(expected, `the set is for ${set.province}`)
  const published = Date.parse(set.publishedAt)
  if (published < key.validFrom || published > key.validTo)
    throw unsigned(expected, `key ${doc.kid} was not valid at ${set.publishedAt}`)
  if (!set.rules.length)
    throw new NpError('NP_ERR_RULES_INVALID', {
      params: { province: expected, rule: '(rule set)', detail: 'no rules' },
    })
  return { ...set, signedBy: doc.kid }
}

/**
 * Whether `incoming` may replace `held`: a lower version, or the same version
 * published earlier, is a rollback (`NP_ERR_RULES_ROLLBACK`).
 */
export function acceptRuleSet<T extends RuleSet>(held: RuleSet | null, incoming: T): T {
  if (!held) return incoming
  const c = compareVersions(incoming.version, held.version)
  if (c < 0 || (c === 0 && Date.parse(incoming.publishedAt) < Date.parse(held.publishedAt))) {
    throw new NpError('NP_ERR_RULES_ROLLBACK', {
      params: { province: incoming.province, version: incoming.version, held: held.version },
    })
  }
  return incoming
}

/** True for a rule set that went through {@link verifyRuleSet} (its signer is named). */
export function isVerifiedRuleSet(set: RuleSet): set is VerifiedRuleSet {
  return typeof (set as Partial<VerifiedRuleSet>).signedBy === 'string'
}
