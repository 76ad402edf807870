/**
 * Signed claims' signatures checked ahead, concurrently, by `verifyAsync`
 * (the runtime's native WebCrypto Ed25519 where it has one, else the same
 * pure-JS path; src/core/ed25519Async.ts). A province's answer is then checked
 * by the very same synchronous steps (`verifySignedClaim`), whose signature
 * check answers from these results. Issue 16: the first pure-JS verification
 * of a session builds noble's base-point table, tens of milliseconds on a cold
 * start's path to the first verified colour.
 *
 * Platform-free.
 */
import { bytesEqual } from './bytes'
import { decodeClaim, parseSignedClaim, type SignatureCheck } from './claims'
import { verify } from './ed25519'
import { verifyAsync } from './ed25519Async'
import { findKey, publicKeyBytes, type TrustList } from './trustList'

interface Checked {
  sig: Uint8Array
  msg: Uint8Array
  key: Uint8Array
  ok: boolean
}

/**
 * Checks ahead the signature of every claim text in `claims` under the key
 * the trust list lists for its `kid`. Resolves to a `SignatureCheck` that
 * answers from those results — only for the very same signature, message and
 * key bytes — and verifies anything else synchronously, so a check through it
 * gives exactly the answers of `verify`. Whatever does not parse, or names a
 * key the list does not hold (or holds revoked), is not checked ahead: the
 * synchronous steps refuse it with their own reason. Never rejects.
 */
export async function precheckClaims(claims: readonly unknown[], trustList: TrustList): Promise<SignatureCheck> {
  const jobs: Array<Promise<Checked>> = []
  for (const text of claims) {
    if (typeof text !== 'string') continue
    try {
      const sc = parseSignedClaim(text)
      const key = publicKeyBytes(findKey(trustList, decodeClaim(sc.bytes).kid))
      jobs.push(verifyAsync(sc.sig, sc.bytes, key).then((ok) => ({ sig: sc.sig, msg: sc.bytes, key, ok })))
    } catch {
      // Malformed, unknown or revoked: left to the synchronous checks, which say why.
    }
  }
  const done = await Promise.all(jobs)
  return (sig, msg, key) => {
    const hit = done.find((d) => bytesEqual(d.sig, sig) && bytesEqual(d.msg, msg) && bytesEqual(d.key, key))
    return hit ? hit.ok : verify(sig, msg, key)
  }
}
