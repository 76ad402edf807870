/**
 * The one error catalogue. Every failure that reaches a user, a plugin author
 * or a guard is an `NpError` with one of these codes and a message that says
 * what to do next.
 */

export const catalogue = {
  NP_ERR_PLUGIN_INVALID: 'Plugin {plugin} is invalid: {detail}',
  NP_ERR_PLUGIN_DUPLICATE: 'Plugins {plugin} and {other} both use id {id}; each province registers once',
  NP_ERR_PLUGIN_DUPLICATE_SLUG: 'Plugins {plugin} and {other} both use slug {slug}; give each province its own slug',
  NP_ERR_PLUGIN_UNKNOWN: 'No plugin is registered for {plugin}; check plugins/index.ts',
  NP_ERR_PLUGIN_TIMEOUT: 'Plugin {plugin} did not answer {hook} within {ms} ms',
  NP_ERR_PLUGIN_THREW: 'Plugin {plugin} failed in {hook}: {detail}',
  NP_ERR_PLUGIN_ABORTED: 'Plugin {plugin} call {hook} was cancelled',
  NP_ERR_PLUGIN_UNSUPPORTED: 'Plugin {plugin} does not provide {hook}',
  NP_ERR_RESPONSE_INVALID: 'Plugin {plugin} returned data of the wrong shape from {hook}: {detail}',
  NP_ERR_CONSENT_REQUIRED: 'The traveller has not consented to share identity with {plugin}',
  NP_ERR_HTTP_STATUS: 'The province server answered HTTP {status}',
  NP_ERR_HTTP_NETWORK: 'Could not reach the province server: {detail}',
  NP_ERR_HTTP_TIMEOUT: 'The province server did not answer within {ms} ms',
  NP_ERR_HTTP_ABORTED: 'The request was cancelled',
  NP_ERR_HTTP_NOT_JSON: 'The province server did not answer with JSON ({detail})',
  NP_ERR_BACKEND: 'The province server reported an error: {detail}',
  NP_ERR_STORAGE_TAMPERED: 'Stored data for {key} cannot be decrypted or was altered; it has been set aside',
  NP_ERR_STORAGE: 'Storage failed for {key}: {detail}',
  NP_ERR_SIGNATURE_INVALID: 'The signature does not match: the data was altered or forged',
  NP_ERR_KEY_UNKNOWN: 'Signed with key {kid}, which is not in the trust list',
  NP_ERR_KEY_REVOKED: 'Signed with key {kid}, which has been revoked',
  NP_ERR_KEY_NOT_VALID: 'Key {kid} was not valid at {at}',
  NP_ERR_KEY_WRONG_PROVINCE: 'Key {kid} belongs to {keyProvince}, not {province}',
  NP_ERR_TRUST_LIST_INVALID: 'The trust list is not signed by the national root key or is malformed: {detail}',
  NP_ERR_TRUST_LIST_STALE: 'The trust list is {age} old; refresh it when online',
  NP_ERR_CLAIM_MALFORMED: 'The claim cannot be read: {detail}',
  NP_ERR_CLAIM_MISSING: 'Plugin {plugin} signs its claims but sent data from {hook} without one',
  NP_ERR_CLAIM_MISMATCH: 'The data from {plugin} does not say what its signed claim says ({detail})',
  NP_ERR_CLAIM_EXPIRED: 'The claim expired {ago} ago',
  NP_ERR_CLAIM_NOT_YET_VALID: 'The claim is issued in the future ({ahead} ahead); check the device clock',
  NP_ERR_PASS_MALFORMED: 'This is not a National Pass code: {detail}',
  NP_ERR_PASS_VERSION: 'This pass uses format version {version}, which this app cannot read; update the app',
  NP_ERR_PASS_EXPIRED: 'The pass expired {ago} ago: ask the traveller to refresh it',
  NP_ERR_PASS_SCREENSHOT: 'The pass is {age} old: a live pass is refreshed every few minutes, this may be a screenshot',
  NP_ERR_PASS_HOLDER_MISMATCH: 'The claims in this pass belong to different people',
  NP_ERR_PASS_CLAIM_MISSING: 'The pass carries no verified {what} claim: ask the traveller to refresh the pass',
  NP_ERR_RULE_NOT_MET: 'Entry rule {rule} is not met: {detail}',
  NP_ERR_PASS_UNBOUND: 'A {typ} claim in this pass names no holder, so it could belong to anyone',
  NP_ERR_PLACE_CODE_MALFORMED: 'This is not a place-code National Pass can read: {detail}',
  NP_ERR_PLACE_CODE_UNKNOWN: 'No province recognises this code; ask the venue for its National Pass place-code',
  NP_ERR_RULES_INVALID: 'Entry rule {rule} of {province} is invalid: {detail}',
  NP_ERR_RULES_NONE: 'No entry rules are published for {province} at {at}',
  NP_ERR_ID_NUMBER: 'The ID number is not valid: {detail}',
  NP_ERR_VALIDATION: '{field}: {detail}',
  NP_ERR_CLOCK_SKEW: 'The device clock is {skew} off the server clock; times use the server clock',
  NP_ERR_GUARD_NOT_READY:
    'Choose this venue’s province first: its entry rules and the trust list are downloaded once, then passes are checked offline',
  NP_ERR_OFFLINE: 'No network: showing what was saved on this device',
  NP_ERR_PLUGIN_MANIFEST: 'Plugin {plugin} has no valid manifest: {detail}; see plugins/README.md "Manifest"',
  NP_ERR_PLUGIN_CONTRACT: 'Plugin {plugin} does not fit this host: {detail}',
  NP_ERR_ORIGIN_UNDECLARED:
    'Plugin {plugin} tried to reach {origin}, which its manifest does not declare (allowed: {declared}); nothing was sent',
  NP_ERR_PASS_TAMPERED: 'This National Pass code was altered or damaged and cannot be read: {detail}',
  NP_ERR_PASS_CLAIM_STALE:
    'The {province} health code in this pass was issued {age} ago: every code must be fresh, ask the traveller to refresh the pass',
  NP_ERR_TRUST_LIST_ROLLBACK:
    'The trust list offered (version {version}, issued {issuedAt}) is older than the one held (version {held}, issued {heldAt}); it was refused and the newer list kept',
  NP_ERR_TRUST_LIST_EXPIRED:
    'The trust list expired {ago} ago (next update was due {due}); passes cannot be checked until it is refreshed online',
  NP_ERR_RULES_UNSIGNED:
    'The entry rules of {province} are not signed by a key the trust list lists for {province} ({detail}); no verdict can be given',
  NP_ERR_RULES_ROLLBACK:
    'The entry rules of {province} offered (version {version}) are older than those held (version {held}); they were refused and the newer kept',
  NP_ERR_PASS_BINDING_STALE:
    'This pass was shown {age} ago: a bound pass is re-signed by its holder’s phone every few seconds, so this is a copy or a screenshot',
  NP_ERR_PASS_BINDING_INVALID: 'This pass is not signed by the phone its holder registered ({detail})',
  NP_ERR_PASS_NOT_BOUND:
    'This venue requires a pass bound to its holder’s phone; this pass is not: ask the traveller to update the app and sign in',
  NP_ERR_RANDOM_UNAVAILABLE:
    'This runtime offers no cryptographically secure random source ({detail}); keys are not created without one',
  NP_ERR_AUTH_REQUIRED: 'Sign in to {plugin} again: {detail}',
  NP_ERR_AUTH_FORBIDDEN: '{plugin} refused: the signed-in person is not authorised to see these codes ({detail})',
  NP_ERR_AUTH_FAILED: 'Sign-in failed: {detail}',
  NP_ERR_PROXY_REFUSED: 'The province did not record the authorisation: {detail}',
  NP_ERR_FOREIGN_MALFORMED: 'This foreign certificate cannot be read: {detail}',
  NP_ERR_FOREIGN_TAMPERED: 'The {kind} signature does not match: the certificate was altered or forged',
  NP_ERR_FOREIGN_ISSUER_UNKNOWN: 'The {kind} is signed with key {kid}, which is not in the foreign trust list',
  NP_ERR_FOREIGN_EXPIRED: 'The {kind} expired at {at}',
  NP_ERR_FOREIGN_NOT_YET_VALID: 'The {kind} is not valid before {at}; check the device clock',
  NP_ERR_FOREIGN_UNSUPPORTED: 'The {kind} uses {detail}, which this app cannot verify',
  NP_ERR_FOREIGN_NOT_READY: 'Foreign certificates need the foreign trust list: go online once to download it',
  NP_ERR_FOREIGN_REVOKED: 'The {kind} was revoked by its issuer ({detail})',
  NP_ERR_FOREIGN_CHUNKS: 'The QR codes of this SMART Health Card do not belong together: {detail}',
  NP_ERR_FOREIGN_OTHER_PERSON: 'This certificate names {name}, born {birthDate}: not this traveller, so it is not used',
  NP_ERR_CODE_LOAD: 'Part of the app could not be downloaded ({detail}); check the network and retry',
} as const

export type ErrorCode = keyof typeof catalogue

/**
 * The same catalogue in Chinese, for people. Technical details that only a
 * plugin author can act on (`{detail}` of malformed data) are left out here;
 * the English text keeps them for logs and developers.
 */
export const catalogueZh: Record<ErrorCode, string> = {
  NP_ERR_PLUGIN_INVALID: '省份插件 {plugin} 无效：{detail}',
  NP_ERR_PLUGIN_DUPLICATE: '插件 {plugin} 与 {other} 使用了相同的编号 {id}',
  NP_ERR_PLUGIN_DUPLICATE_SLUG: '插件 {plugin} 与 {other} 使用了相同的标识 {slug}',
  NP_ERR_PLUGIN_UNKNOWN: '未接入该省份（{plugin}）',
  NP_ERR_PLUGIN_TIMEOUT: '该省份在 {ms} 毫秒内未应答，请稍后刷新',
  NP_ERR_PLUGIN_THREW: '该省份查询出错，请稍后刷新',
  NP_ERR_PLUGIN_ABORTED: '查询已取消',
  NP_ERR_PLUGIN_UNSUPPORTED: '该省份不提供此项服务',
  NP_ERR_RESPONSE_INVALID: '该省份返回的数据格式有误，已忽略',
  NP_ERR_CONSENT_REQUIRED: '您尚未授权向该省份提供身份信息',
  NP_ERR_HTTP_STATUS: '省级服务器暂时不可用（HTTP {status}），请稍后刷新',
  NP_ERR_HTTP_NETWORK: '无法连接省级服务器，请检查网络',
  NP_ERR_HTTP_TIMEOUT: '省级服务器在 {ms} 毫秒内未应答',
  NP_ERR_HTTP_ABORTED: '请求已取消',
  NP_ERR_HTTP_NOT_JSON: '省级服务器返回了错误页面，请稍后刷新',
  NP_ERR_BACKEND: '省级服务器返回：{detail}',
  NP_ERR_STORAGE_TAMPERED: '本机保存的数据（{key}）无法解密或已被改动，已另行保存',
  NP_ERR_STORAGE: '本机存储失败（{key}）',
  NP_ERR_SIGNATURE_INVALID: '签名不符：数据被篡改或伪造',
  NP_ERR_KEY_UNKNOWN: '签名密钥 {kid} 不在信任列表中',
  NP_ERR_KEY_REVOKED: '签名密钥 {kid} 已被吊销',
  NP_ERR_KEY_NOT_VALID: '签名密钥 {kid} 在签发时不在有效期内',
  NP_ERR_KEY_WRONG_PROVINCE: '签名密钥 {kid} 不属于该省份',
  NP_ERR_TRUST_LIST_INVALID: '信任列表无效（未经国家根密钥签名或格式有误）',
  NP_ERR_TRUST_LIST_STALE: '信任列表已保存 {age}，请联网更新',
  NP_ERR_CLAIM_MALFORMED: '凭证无法读取',
  NP_ERR_CLAIM_MISSING: '该省份应签名的数据缺少签名',
  NP_ERR_CLAIM_MISMATCH: '该省份返回的数据与其签名内容不一致',
  NP_ERR_CLAIM_EXPIRED: '凭证已过期 {ago}',
  NP_ERR_CLAIM_NOT_YET_VALID: '凭证签发时间在未来（早 {ahead}），请检查设备时钟',
  NP_ERR_PASS_MALFORMED: '这不是全国通行码',
  NP_ERR_PASS_VERSION: '通行码版本 {version} 无法识别，请更新应用',
  NP_ERR_PASS_EXPIRED: '通行码已过期 {ago}：请出示者刷新',
  NP_ERR_PASS_SCREENSHOT: '通行码生成于 {age} 前：实时通行码每几分钟刷新，可能是截图',
  NP_ERR_PASS_HOLDER_MISMATCH: '通行码中的凭证不属于同一人',
  NP_ERR_PASS_CLAIM_MISSING: '通行码中没有经验签的{what}凭证：请出示者刷新',
  NP_ERR_RULE_NOT_MET: '未满足入境规则 {rule}',
  NP_ERR_PASS_UNBOUND: '通行码中有未绑定持有人的凭证',
  NP_ERR_PLACE_CODE_MALFORMED: '无法识别的场所码',
  NP_ERR_PLACE_CODE_UNKNOWN: '没有省份能识别此码：请向场所索取全国通行场所码',
  NP_ERR_RULES_INVALID: '{province} 的入境规则 {rule} 无效',
  NP_ERR_RULES_NONE: '{province} 尚未发布入境规则',
  NP_ERR_ID_NUMBER: '身份证号无效：{detail}',
  NP_ERR_VALIDATION: '{field}：{detail}',
  NP_ERR_CLOCK_SKEW: '设备时钟与服务器相差 {skew}，时间以服务器为准',
  NP_ERR_GUARD_NOT_READY: '请先选择本场所所在省份：入境规则与信任列表联网下载一次后，即可离线核验',
  NP_ERR_OFFLINE: '无网络：显示本机保存的内容',
  NP_ERR_PLUGIN_MANIFEST: '省份插件 {plugin} 缺少有效的清单（manifest）：{detail}',
  NP_ERR_PLUGIN_CONTRACT: '省份插件 {plugin} 与本应用的插件接口版本不兼容：{detail}',
  NP_ERR_ORIGIN_UNDECLARED: '该省份插件试图访问未声明的地址 {origin}，已拦截，未发送任何数据',
  NP_ERR_PASS_TAMPERED: '通行码已被篡改或损坏，无法读取',
  NP_ERR_PASS_CLAIM_STALE: '通行码中 {province} 的健康码签发于 {age} 前：每个健康码都须为最新，请出示者刷新',
  NP_ERR_TRUST_LIST_ROLLBACK: '收到的信任列表（版本 {version}）比本机保存的（版本 {held}）更旧，已拒绝并保留较新的列表',
  NP_ERR_TRUST_LIST_EXPIRED: '信任列表已过期 {ago}：请联网更新后再核验',
  NP_ERR_RULES_UNSIGNED: '{province} 的入境规则未经该省在信任列表中的密钥签名，无法给出结论',
  NP_ERR_RULES_ROLLBACK:
    '收到的 {province} 入境规则（版本 {version}）比本机保存的（版本 {held}）更旧，已拒绝并保留较新的规则',
  NP_ERR_PASS_BINDING_STALE: '该通行码出示于 {age} 前：绑定手机的通行码每几秒重新签名，这是复制件或截图',
  NP_ERR_PASS_BINDING_INVALID: '该通行码不是由持有人登记的手机签名',
  NP_ERR_PASS_NOT_BOUND: '本场所要求通行码绑定持有人手机，该通行码未绑定：请出示者更新应用并登录',
  NP_ERR_RANDOM_UNAVAILABLE: '本运行环境没有密码学安全的随机数来源，无法创建密钥',
  NP_ERR_AUTH_REQUIRED: '请重新登录{plugin}',
  NP_ERR_AUTH_FORBIDDEN: '{plugin}拒绝：当前登录人未获授权查看此人的码',
  NP_ERR_AUTH_FAILED: '登录失败：{detail}',
  NP_ERR_PROXY_REFUSED: '省份未登记该授权：{detail}',
  NP_ERR_FOREIGN_MALFORMED: '无法识别的境外证书',
  NP_ERR_FOREIGN_TAMPERED: '{kind} 签名不符：证书被篡改或伪造',
  NP_ERR_FOREIGN_ISSUER_UNKNOWN: '{kind} 的签名密钥 {kid} 不在境外证书信任列表中',
  NP_ERR_FOREIGN_EXPIRED: '{kind} 已于 {at} 过期',
  NP_ERR_FOREIGN_NOT_YET_VALID: '{kind} 在 {at} 之前无效，请检查设备时钟',
  NP_ERR_FOREIGN_UNSUPPORTED: '{kind} 使用了本应用无法核验的 {detail}',
  NP_ERR_FOREIGN_NOT_READY: '核验境外证书需要境外证书信任列表：请联网下载一次',
  NP_ERR_FOREIGN_REVOKED: '{kind} 已被签发方撤销',
  NP_ERR_FOREIGN_CHUNKS: '二维码不属于同一张健康卡',
  NP_ERR_FOREIGN_OTHER_PERSON: '证书持有人 {name}（{birthDate}）不是本人，不予使用',
  NP_ERR_CODE_LOAD: '应用的部分功能下载失败，请检查网络后重试',
}

export interface NpErrorOptions {
  plugin?: string
  hook?: string
  cause?: unknown
  params?: Record<string, string | number>
}

function render(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole))
}

/** A catalogued error. Serialisable through `toJSON()` for the store. */
export class NpError extends Error {
  readonly code: ErrorCode
  readonly plugin?: string
  readonly hook?: string
  readonly params: Record<string, string | number>

  constructor(code: ErrorCode, options: NpErrorOptions = {}) {
    const params: Record<string, string | number> = { ...options.params }
    if (options.plugin !== undefined) params.plugin ??= options.plugin
    if (options.hook !== undefined) params.hook ??= options.hook
    super(render(catalogue[code], params), { cause: options.cause })
    this.name = 'NpError'
    this.code = code
    this.plugin = options.plugin
    this.hook = options.hook
    this.params = params
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      params: { ...this.params },
      ...(this.plugin ? { plugin: this.plugin } : {}),
      ...(this.hook ? { hook: this.hook } : {}),
    }
  }
}

/** The plain-object form kept in the store and sent between layers. */
export interface SerializedError {
  code: ErrorCode
  message: string
  /** The template's values, so the message can be rendered in another language. */
  params?: Record<string, string | number>
  plugin?: string
  hook?: string
}

export function isNpError(e: unknown): e is NpError {
  return e instanceof NpError
}

/** Any thrown value as an `NpError`, keeping the original as `cause`. */
export function toNpError(e: unknown, fallback: ErrorCode, options: NpErrorOptions = {}): NpError {
  if (isNpError(e)) return e
  const detail = e instanceof Error ? e.message : String(e)
  return new NpError(fallback, { ...options, cause: e, params: { detail, ...options.params } })
}

/** Human duration for messages: `3 h 5 min`, `45 s`. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`
  return `${Math.floor(h / 24)} d`
}

/** Plain English for people where the English catalogue carries details only a plugin author can use. */
const plainEn: Partial<Record<ErrorCode, string>> = {
  NP_ERR_PLUGIN_THREW: 'This province’s check failed; refresh later',
  NP_ERR_RESPONSE_INVALID: 'This province sent data in the wrong format; it was ignored',
  NP_ERR_HTTP_NETWORK: 'Could not reach the province’s server: check the network',
  NP_ERR_HTTP_NOT_JSON: 'The province’s server answered with an error page; refresh later',
  NP_ERR_HTTP_STATUS: 'The province’s server is unavailable (HTTP {status}); refresh later',
  NP_ERR_CLAIM_MALFORMED: 'The claim cannot be read',
  NP_ERR_PASS_MALFORMED: 'This is not a National Pass code',
  NP_ERR_PLACE_CODE_MALFORMED: 'This place-code cannot be read',
  NP_ERR_TRUST_LIST_INVALID: 'The trust list is not signed by the national root key',
  NP_ERR_PASS_TAMPERED: 'This National Pass code was altered or damaged',
  NP_ERR_FOREIGN_MALFORMED: 'This foreign certificate cannot be read',
  NP_ERR_CODE_LOAD: 'Part of the app could not be downloaded: check the network and retry',
}

/**
 * A stored error for people, in their language: Chinese from
 * {@link catalogueZh}; English from the catalogue, or plain English where the
 * catalogue's text is meant for developers (its `{detail}` stays in logs).
 */
export function errorText(e: SerializedError, lang: 'zh' | 'en'): string {
  if (lang === 'en') {
    const plain = plainEn[e.code]
    return plain ? render(plain, e.params ?? {}) : e.message
  }
  if (!(e.code in catalogueZh)) return e.message
  const params: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(e.params ?? {})) params[k] = typeof v === 'string' ? durationZh(v) : v
  return render(catalogueZh[e.code], params)
}

const ZH_UNITS: Record<string, string> = { s: '秒', min: '分钟', h: '小时', d: '天' }

/** A {@link formatDuration} value in Chinese units (`3 h 5 min` → `3 小时 5 分钟`); any other text unchanged. */
export function durationZh(v: string): string {
  if (!/^\d+ (s|min|h|d)( \d+ min)?$/.test(v)) return v
  return v.replace(/(\d+) (s|min|h|d)/g, (_, n: string, u: string) => `${n} ${ZH_UNITS[u]}`)
}
