/**
 * The province plugin contract. A province adapts its own health-code backend
 * to this one interface; the host (./host.ts) runs every hook with a deadline,
 * an AbortSignal and typed errors, and validates every answer.
 *
 * Only `id`, `slug` and `name` are required. Every capability is optional.
 */
import type { AxiosInstance } from 'axios'
import type { AuthorityContact } from '../core/authorities'
import type { Itinerary } from '../core/itinerary'
import type { SignedRiskAreaList } from '../core/riskAreas'
import type {
  CheckInReceipt,
  DeclarationForm,
  DeclarationReceipt,
  HealthCode,
  I18nText,
  IdentityField,
  PersonFor,
  ProvinceCode,
  TestResult,
  Vaccination,
  VenueRef,
} from '../core/model'
import type { PluginManifest } from './manifest'

/** Structured, redacting log. Values that look personal are masked by the host. */
export interface PluginLog {
  debug(message: string, fields?: Record<string, string | number | boolean>): void
  info(message: string, fields?: Record<string, string | number | boolean>): void
  warn(message: string, fields?: Record<string, string | number | boolean>): void
}

/** Cryptography a plugin may need to talk to its backend (crypto-js and Ed25519 underneath). */
export interface PluginCrypto {
  /** Lower-case hex HMAC-SHA256 of `message` under `key`. */
  hmacSha256Hex(key: string, message: string): string
  /** Lower-case hex SHA-256 of a UTF-8 string. */
  sha256Hex(message: string): string
  /** AES-CBC/PKCS7 with a hex key and IV; returns base64 ciphertext. */
  aesEncrypt(plaintext: string, keyHex: string, ivHex: string): string
  /** Inverse of `aesEncrypt`; throws when the ciphertext does not decrypt. */
  aesDecrypt(ciphertextBase64: string, keyHex: string, ivHex: string): string
  /** Ed25519 verification; never throws, malformed input is `false`. */
  ed25519Verify(signatureB64url: string, message: Uint8Array, publicKeyB64url: string): boolean
  /** A random nonce, lower-case hex. @default 16 bytes */
  nonce(bytes?: number): string
}

/** The clock the host trusts: server-corrected when the device clock is skewed. */
export interface PluginClock {
  /** Epoch ms. */
  now(): number
}

/** Everything the host hands a plugin for one hook call. */
export interface PluginContext {
  /** axios bound to the plugin's base URL, over the platform's request API. */
  http: AxiosInstance
  clock: PluginClock
  /** Aborted when the deadline passes or the caller cancels. */
  signal: AbortSignal
  log: PluginLog
  crypto: PluginCrypto
  /** Configuration the app supplies for this plugin (base URL, app keys). */
  config: PluginConfig
}

/** Per-plugin configuration supplied by the app, never by the plugin itself. */
export interface PluginConfig {
  baseURL: string
  /** The public app id the province issued to National Pass. */
  appKey?: string
  /**
   * @deprecated Never set in a shipped app: anything in a mini-program package
   * is public, and `npm test` fails when a server secret is in a bundle. A
   * province API that needs an app secret is called through its gateway.
   */
  appSecret?: string
}

/**
 * Proof of who the person is, obtained by the host: from the super-app
 * (`Taro.login` / `my.getAuthCode`, exchanged by the identity service) or, on
 * H5, from the identity provider after a one-time SMS code. One-time: each
 * province redeems it once, for a session.
 */
export interface SignInCredential {
  kind: 'super-app' | 'sms'
  /** The one-time code the province's token endpoint redeems. */
  code: string
  /** Epoch ms after which provinces refuse it. */
  expiresAt: number
  /**
   * Contract 2.2: the base64url Ed25519 public key of this phone, for the
   * province to certify at sign-in (a `dk` claim in
   * {@link PluginSession.deviceKeyClaim}). Set by the host, never stored.
   */
  deviceKey?: string
}

/** Contract 2.2: what `refreshSession` may also carry (the host sets it). */
export interface RefreshOptions {
  /** This phone's base64url Ed25519 public key, re-certified with the renewed session. */
  deviceKey?: string
}

/**
 * A session with one province (OAuth 2.0 style). The host stores it
 * encrypted, never logs it, refreshes it before `expiresAt`, and sends
 * `Authorization: Bearer <accessToken>` on every request of every hook.
 */
export interface PluginSession {
  accessToken: string
  /** Epoch ms when the access token expires. */
  expiresAt: number
  refreshToken?: string
  /** Epoch ms when the refresh token expires. */
  refreshExpiresAt?: number
  /** Whom the province signed in, masked (shown on the pass: whose codes, by what authority). */
  subject?: { maskedName: string; idTail: string }
  /**
   * Contract 2.2: the province's signed `dk` claim (base64url, as
   * `serializeSignedClaim`) certifying the phone key sent with the sign-in
   * for the signed-in holder. The host verifies it against the trust list
   * before the pass carries it (holder binding, docs/guard.md).
   */
  deviceKeyClaim?: string
}

/** How a holder is authorised to see a family member's codes (代查). */
export interface ProxyRequest {
  /**
   * `guardian`: a guardian's declaration, for a child under 14 by the ID's
   * birth date; `self-confirmed`: the member confirmed with the code texted
   * to their own phone.
   */
  basis: 'guardian' | 'self-confirmed'
  /** The code from the member's phone (`self-confirmed`). */
  code?: string
}

/** An authorisation the province recorded: the holder may see the member's codes. */
export interface ProxyGrantInfo {
  id: string
  basis: ProxyRequest['basis']
  /** Epoch ms when the province recorded it. */
  at: number
  member: { maskedName: string; idTail: string }
}

export interface TestQuery {
  /** Only tests sampled at or after this instant (epoch ms). */
  since: number
}

export interface CheckInOptions {
  /** Same key ⇒ the province stores the check-in once, whatever the retries. */
  idempotencyKey: string
  at: number
}

export interface DeclarationOptions {
  idempotencyKey: string
}

/** Entry rules as the province publishes them (validated by the rules engine). */
export type EntryRulesDocument = unknown

/**
 * The hooks, in one map. `F` is the identity fields the plugin declared in
 * `identityFields`; the host hands `person` with exactly those fields.
 */
export interface PluginHooks<F extends IdentityField = IdentityField> {
  /** The province's health code for the person, with its known colour history. */
  getHealthCode(ctx: PluginContext, person: PersonFor<F>): Promise<HealthCode>
  /** Tests known to the province, any order; the host sorts and merges. */
  getTestResults(ctx: PluginContext, person: PersonFor<F>, query: TestQuery): Promise<TestResult[]>
  getVaccinations(ctx: PluginContext, person: PersonFor<F>): Promise<Vaccination[]>
  /**
   * Recognise one of this province's own (legacy) place-codes.
   * Return `null` when the text is not this province's. Pure: no network.
   */
  recognizePlaceCode(text: string): VenueRef | null
  checkIn(ctx: PluginContext, venue: VenueRef, person: PersonFor<F>, options: CheckInOptions): Promise<CheckInReceipt>
  entryRules(ctx: PluginContext): Promise<EntryRulesDocument>
  declarationForm(ctx: PluginContext): Promise<DeclarationForm>
  submitDeclaration(
    ctx: PluginContext,
    person: PersonFor<F>,
    answers: Record<string, string>,
    options: DeclarationOptions,
  ): Promise<DeclarationReceipt>
  /**
   * Exchange the person's credential for a session with this province.
   * The host calls it when it has no live session; a province that answers
   * personal data must have it. `ctx.http` carries no token here.
   */
  signIn(ctx: PluginContext, credential: SignInCredential): Promise<PluginSession>
  /** Renew a session with its refresh token; throw when the province refuses (the host then signs in again). */
  refreshSession(ctx: PluginContext, refreshToken: string, options?: RefreshOptions): Promise<PluginSession>
  /** Ask the province to record that the signed-in holder may see `member`'s codes. Throws `NP_ERR_PROXY_REFUSED`. */
  requestProxy(ctx: PluginContext, member: PersonFor<F>, request: ProxyRequest): Promise<ProxyGrantInfo>
  /** Withdraw an authorisation; the province refuses the member's codes to the holder from then on. */
  revokeProxy(ctx: PluginContext, grantId: string): Promise<{ revoked: true }>
  /**
   * Register a venue and return its signed national place-code (base64url): a
   * v2 place-code (`signPlaceCode`, id and name, no address) or a v1 venue claim.
   */
  registerVenue(
    ctx: PluginContext,
    venue: { name: string; address: string },
  ): Promise<{ venueId: string; claim: string }>
  /** National kind: the itinerary card (通信行程卡) for the person's phone, with its signed `it` claim. */
  getItinerary(ctx: PluginContext, person: PersonFor<F>): Promise<Itinerary>
  /** The signed, dated list of medium/high-risk areas `query.authority` publishes (a province code, or the plugin's own). */
  getRiskAreas(ctx: PluginContext, query: RiskAreaQuery): Promise<SignedRiskAreaList>
}

/** Which authority's risk-area list to fetch. */
export interface RiskAreaQuery {
  /** GB/T 2260 province code, or `100000` for the national platform's own list. */
  authority: string
}

/** What kind of authority a plugin speaks for. */
export type AuthorityKind = 'province' | 'national'

export type HookName = keyof PluginHooks

/** A province plugin. */
export interface ProvincePlugin<F extends IdentityField = IdentityField> extends Partial<PluginHooks<F>> {
  /** GB/T 2260 province code, e.g. `440000`. */
  id: ProvinceCode
  /** Lower-case slug, e.g. `guangdong`. */
  slug: string
  name: I18nText
  /** The province's own code app, e.g. `粤康码`, shown as the issuer's brand. */
  codeApp?: string
  /**
   * Identity fields the plugin needs; the host hands it these and nothing more.
   * @default []
   */
  identityFields?: readonly F[]
  /**
   * Whether the backend signs its claims. Unsigned data is shown as unverified.
   * @default true
   */
  signs?: boolean
  /**
   * Deadline per hook call in ms, overriding the host default.
   * @default the host's `defaultTimeoutMs`
   */
  timeoutMs?: number
  /**
   * A province, or the national platform (国家政务服务平台), which also serves
   * the itinerary and every authority's risk-area list.
   * @default 'province'
   */
  kind?: AuthorityKind
  /** How a traveller reaches the authority about a code (hotline, 12345, appeal). @default 12345 and the code app */
  contact?: AuthorityContact
  /**
   * What the plugin declares: origins, identity fields, hooks, contract and
   * own version (see ./manifest.ts). Optional in the type so a plugin can be
   * written before it is described; the registry refuses a plugin without one.
   */
  manifest?: PluginManifest
}

/** Identity helper: returns its argument so authors get types without annotations. */
export function defineProvincePlugin<F extends IdentityField = never>(plugin: ProvincePlugin<F>): ProvincePlugin<F> {
  return plugin
}
