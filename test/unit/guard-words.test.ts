/**
 * The guard's words: Chinese units in Chinese messages, no raw code in the
 * shift tally, a signed-but-expired claim called expired (not "not verified"),
 * and a pass whose header was changed called tampered (not "not a pass").
 */
import { base45Decode, base45Encode } from '@/core/base45'
import { catalogue, durationZh, type ErrorCode, errorText, NpError } from '@/core/errors'
import { PASS_PREFIX } from '@/core/passCodec'
import { checkPassForVenue } from '@/features/guard/guardCheck'
import { claimState, reasonLabel } from '@/features/guard/guardWords'
import { H, hc, passOf, rules, T, tr, trust } from './guardFixtures'

const check = (text: string, lang: 'zh' | 'en' = 'zh', at = T) =>
  checkPassForVenue({ text, trustList: trust, ruleSets: [rules('440000')], province: '440000', at, lang })

describe('guard messages in Chinese use Chinese units', () => {
  test('durations in a Chinese message read 小时/分钟/秒/天; English keeps h/min', () => {
    expect(durationZh('1 h')).toBe('1 小时')
    expect(durationZh('3 h 5 min')).toBe('3 小时 5 分钟')
    expect(durationZh('20 min')).toBe('20 分钟')
    expect(durationZh('45 s')).toBe('45 秒')
    expect(durationZh('3 d')).toBe('3 天')
    expect(durationZh('Guangdong')).toBe('Guangdong')
    const e = new NpError('NP_ERR_PASS_SCREENSHOT', { params: { age: '20 min' } }).toJSON()
    expect(errorText(e, 'zh')).toBe('通行码生成于 20 分钟 前：实时通行码每几分钟刷新，可能是截图')
    expect(errorText(e, 'en')).toContain('20 min')
  })

  test('a pass scanned 25 h after it was made: every reason is in Chinese units', () => {
    const r = check(passOf([hc(), tr(30 * H, 20 * H)]), 'zh', T + 25 * H)
    expect(r.outcome).toBe('refuse')
    const text = r.reasons.map((x) => x.text).join('\n')
    expect(text).toMatch(/小时/)
    expect(text).not.toMatch(/\d (h|min|s|d)\b/)
  })
})

describe('the shift tally names reasons, never codes', () => {
  test.each(Object.keys(catalogue) as ErrorCode[])(
    '%s has a label in zh and en without NP_ERR or {placeholders}',
    (code) => {
      for (const lang of ['zh', 'en'] as const) {
        const label = reasonLabel(code, [], lang)
        expect(label).not.toMatch(/NP_ERR|\{|\}/)
        expect(label.length).toBeGreaterThan(1)
      }
    },
  )
  test('the pass-version refusal reads as words; a rule reads its description', () => {
    expect(reasonLabel('NP_ERR_PASS_VERSION', [], 'zh')).toBe('通行码版本无法识别（需更新应用）')
    const rule = rules('440000').rules[0]
    expect(reasonLabel(rule.identifier, rules('440000').rules, 'en')).toBe(rule.description.en)
  })
  test('foreign certificate refusals read as short words in the tally', () => {
    expect(reasonLabel('NP_ERR_FOREIGN_TAMPERED', [], 'zh')).toBe('境外证书签名不符（被篡改或伪造）')
    expect(reasonLabel('NP_ERR_FOREIGN_ISSUER_UNKNOWN', [], 'en')).toBe(
      'Foreign certificate issuer not in the trust list',
    )
  })
})

describe('a signed but expired claim is expired, not unverified', () => {
  test('a PCR claim that expired an hour ago: its state is "expired", with the reason in Chinese hours', () => {
    const old = tr(30 * H, 20 * H, { exp: T - H })
    const r = check(passOf([hc(), old]))
    const claim = r.claims.find((c) => c.typ === 'tr')
    expect(claim).toMatchObject({ verified: false, code: 'NP_ERR_CLAIM_EXPIRED' })
    expect(claimState(claim as NonNullable<typeof claim>)).toBe('expired')
    expect(r.reasons.find((x) => x.code === 'NP_ERR_CLAIM_EXPIRED')?.text).toBe('凭证已过期 1 小时')
    expect(claimState({ verified: false, code: 'NP_ERR_SIGNATURE_INVALID' })).toBe('not-verified')
    expect(claimState({ verified: true })).toBe('verified')
  })
})

describe('a pass with its header changed is tampered', () => {
  test('one character changed in the header: "tampered or damaged", not "not a National Pass code"', () => {
    const good = passOf([hc(), tr(30 * H, 20 * H)])
    // One base45 character of the header (the first bytes after the prefix) changed.
    const i = PASS_PREFIX.length + 1
    const changed = good.slice(0, i) + (good[i] === 'Z' ? 'Y' : 'Z') + good.slice(i + 1)
    expect(changed).not.toBe(good)
    const r = check(changed)
    expect(r.outcome).toBe('refuse')
    expect(['NP_ERR_PASS_TAMPERED', 'NP_ERR_SIGNATURE_INVALID']).toContain(r.reasons[0].code)
    expect(r.reasons[0].text).toMatch(/篡改/)
    expect(r.reasons[0].text).not.toBe('这不是全国通行码')
  })
  test('a header byte that breaks decoding is NP_ERR_PASS_TAMPERED; text that is no pass stays "not a pass"', () => {
    const good = passOf([hc(), tr(30 * H, 20 * H)])
    const b = base45Decode(good.slice(PASS_PREFIX.length))
    b[0] = 0xff
    const r = check(PASS_PREFIX + base45Encode(b))
    expect(r.reasons[0].code).toBe('NP_ERR_PASS_TAMPERED')
    expect(r.reasons[0].text).toBe('通行码已被篡改或损坏，无法读取')
    expect(check('hello').reasons[0]).toMatchObject({ code: 'NP_ERR_PASS_MALFORMED', text: '这不是全国通行码' })
  })
})
