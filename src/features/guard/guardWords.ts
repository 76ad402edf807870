/**
 * The guard screen's words for codes: what a tally line says for a refusal
 * code or a rule, and how one claim's check reads. No Taro, no React.
 */
import { catalogue, type ErrorCode, errorText } from '../../core/errors'
import type { EntryRule } from '../../core/rules/types'
import type { Lang } from '../../i18n'
import type { GuardClaim } from './guardCheck'

/** Short names of the refusals a guard sees most, for the shift tally. */
export const REFUSALS: Partial<Record<ErrorCode, { zh: string; en: string }>> = {
  NP_ERR_SIGNATURE_INVALID: { zh: '签名不符（被篡改或伪造）', en: 'Signature does not match (tampered or forged)' },
  NP_ERR_KEY_UNKNOWN: { zh: '签名密钥不在信任列表', en: 'Signing key not in the trust list' },
  NP_ERR_KEY_REVOKED: { zh: '签名密钥已吊销', en: 'Signing key revoked' },
  NP_ERR_KEY_NOT_VALID: { zh: '签名密钥不在有效期', en: 'Signing key outside its validity' },
  NP_ERR_CLAIM_EXPIRED: { zh: '凭证已过期', en: 'Claim expired' },
  NP_ERR_PASS_EXPIRED: { zh: '通行码已过期', en: 'Pass expired' },
  NP_ERR_PASS_SCREENSHOT: { zh: '疑似截图（码龄过长）', en: 'Likely a screenshot (too old)' },
  NP_ERR_PASS_MALFORMED: { zh: '不是通行码', en: 'Not a National Pass code' },
  NP_ERR_PASS_HOLDER_MISMATCH: { zh: '凭证不属于同一人', en: 'Claims of different people' },
  NP_ERR_PASS_CLAIM_MISSING: { zh: '缺少健康码凭证', en: 'No health code in the pass' },
  NP_ERR_PASS_VERSION: { zh: '通行码版本无法识别（需更新应用）', en: 'Pass version not readable (update the app)' },
  NP_ERR_PASS_TAMPERED: { zh: '通行码被篡改或损坏', en: 'Pass altered or damaged' },
  NP_ERR_PASS_UNBOUND: { zh: '凭证未绑定持有人', en: 'Claim names no holder' },
  NP_ERR_CLAIM_NOT_YET_VALID: { zh: '凭证签发时间在未来', en: 'Claim issued in the future' },
  NP_ERR_CLAIM_MALFORMED: { zh: '凭证无法读取', en: 'Claim unreadable' },
  NP_ERR_KEY_WRONG_PROVINCE: { zh: '签名密钥不属于该省份', en: 'Key of another province' },
  NP_ERR_RULES_NONE: { zh: '本省尚无入境规则', en: 'No entry rules for this province' },
  NP_ERR_FOREIGN_MALFORMED: { zh: '境外证书无法读取', en: 'Foreign certificate unreadable' },
  NP_ERR_FOREIGN_TAMPERED: {
    zh: '境外证书签名不符（被篡改或伪造）',
    en: 'Foreign certificate signature does not match',
  },
  NP_ERR_FOREIGN_ISSUER_UNKNOWN: {
    zh: '境外证书签发方不在信任列表',
    en: 'Foreign certificate issuer not in the trust list',
  },
  NP_ERR_FOREIGN_EXPIRED: { zh: '境外证书已过期', en: 'Foreign certificate expired' },
  NP_ERR_FOREIGN_NOT_YET_VALID: { zh: '境外证书尚未生效', en: 'Foreign certificate not yet valid' },
  NP_ERR_FOREIGN_UNSUPPORTED: { zh: '境外证书格式不受支持', en: 'Foreign certificate format not supported' },
  NP_ERR_FOREIGN_NOT_READY: { zh: '缺少境外证书信任列表', en: 'No foreign trust list yet' },
  NP_ERR_FOREIGN_REVOKED: { zh: '境外证书已被签发方撤销', en: 'Foreign certificate revoked by its issuer' },
  NP_ERR_FOREIGN_CHUNKS: { zh: '健康卡二维码不成套', en: 'Health card QR codes do not belong together' },
  NP_ERR_PASS_BINDING_STALE: { zh: '绑定码已过时（复制件或截图）', en: 'Bound code too old (a copy or screenshot)' },
  NP_ERR_PASS_BINDING_INVALID: { zh: '不是持有人手机签名', en: "Not signed by the holder's phone" },
  NP_ERR_PASS_NOT_BOUND: { zh: '未绑定持有人手机', en: "Not bound to the holder's phone" },
}

/**
 * A tally line in the guard's words: a rule's own description, a short name
 * for a refusal code, else the code's catalogue text without its values. Never
 * the raw `NP_ERR_*` code.
 */
export function reasonLabel(key: string, rules: readonly EntryRule[], lang: Lang): string {
  const rule = rules.find((r) => r.identifier === key)
  if (rule) return rule.description[lang]
  const short = REFUSALS[key as ErrorCode]?.[lang]
  if (short) return short
  if (key in catalogue) {
    const code = key as ErrorCode
    const text = errorText({ code, message: catalogue[code], params: {} }, lang)
    const label = text
      .replace(/[\s(（:：]*\{\w+\}[)）]?/g, '')
      .replace(/[\s:：,，;；]+$/, '')
      .trim()
    if (label) return label
    return lang === 'zh' ? '数据无效' : 'Invalid data'
  }
  return lang === 'zh' ? '入境规则未满足' : 'Entry rule not met'
}

/** How one claim's check reads: verified, expired (signed, but past its validity) or not verified. */
export type ClaimState = 'verified' | 'expired' | 'not-verified'

export function claimState(c: Pick<GuardClaim, 'verified' | 'code'>): ClaimState {
  if (c.verified) return 'verified'
  return c.code === 'NP_ERR_CLAIM_EXPIRED' ? 'expired' : 'not-verified'
}
