import { idChecksum, idNumberProblemText, validateIdNumber } from '../../src/core/idNumber'
import { demoPeople } from '../../mock/data/people'

describe('idChecksum', () => {
  it('computes the GB 11643 check character, including X', () => {
    // Worked examples of GB 11643-1999.
    expect(idChecksum('11010519491231002')).toBe('X')
    expect(idChecksum('44052418800101001')).toBe('4')
  })

  it('rejects input that is not 17 digits', () => {
    expect(() => idChecksum('1234')).toThrow(/17 digits/)
  })
})

describe('validateIdNumber', () => {
  const ok = '11010519491231002X'

  it('accepts a valid number and derives birth date and region', () => {
    expect(validateIdNumber(ok)).toEqual({ ok: true, idNumber: ok, birthDate: '1949-12-31', region: '110105' })
  })

  it('accepts a lower-case x and trims spaces', () => {
    const r = validateIdNumber(` ${ok.toLowerCase()} `)
    expect(r.ok && r.idNumber).toBe(ok)
  })

  it.each([
    ['wrong length', '1101051949123100', /16 characters; a resident ID number has 18/],
    ['letters inside', '11010519491231A02X', /only digits/],
    ['bad region', '99010519491231002X', /starts with 99, which is not a province code/],
    ['impossible date', '110105194902300021', /19490230 is not a possible one/],
    ['future date', '110105209901010011', /20990101 is not a possible one/],
    [
      'wrong check digit',
      '110105194912310021',
      /the check digit does not match, so one of the 18 characters is mistyped/,
    ],
  ])('rejects %s with NP_ERR_ID_NUMBER and an actionable message', (_case, input, message) => {
    const r = validateIdNumber(input, Date.UTC(2026, 0, 1))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('NP_ERR_ID_NUMBER')
    expect(r.error.message).toMatch(/^The ID number is not valid: /)
    expect(r.error.message).toMatch(message)
  })

  it('a mistyped birth date fails the checksum without suggesting a last character that would make it pass', () => {
    // 510104198511030218 is valid; this is the same number with the birth date mistyped.
    expect(validateIdNumber('510104198511030218').ok).toBe(true)
    const r = validateIdNumber('510104198512040218')
    expect(r).toMatchObject({ ok: false, problem: { kind: 'checksum' } })
    if (r.ok) return
    expect(r.error.message).toBe(
      'The ID number is not valid: the check digit does not match, so one of the 18 characters is mistyped; check each one against the ID card',
    )
    // No replacement character is named, in either language.
    const fitting = idChecksum('51010419851204021')
    for (const text of [r.error.message, idNumberProblemText(r.problem, 'zh'), idNumberProblemText(r.problem, 'en')]) {
      expect(text).not.toMatch(/should be|应为\s*[0-9X]/)
      expect(text).not.toContain(fitting)
    }
    expect(idNumberProblemText(r.problem, 'zh')).toBe('校验位不符：18位中有字符输错，请对照身份证逐位核对')
  })

  it('says each problem in Chinese too', () => {
    const zh = (input: string) => {
      const r = validateIdNumber(input, Date.UTC(2026, 0, 1))
      return r.ok ? '' : idNumberProblemText(r.problem, 'zh')
    }
    expect(zh('1101051949123100')).toBe('输入了16位，身份证号应为18位')
    expect(zh('99010519491231002X')).toMatch(/99不是省份代码/)
    expect(zh('110105194902300021')).toMatch(/19490230不是有效日期/)
  })

  it('accepts every demo person, and their birth dates agree', () => {
    for (const p of demoPeople) {
      const r = validateIdNumber(p.identity.idNumber)
      expect(r).toMatchObject({ ok: true, birthDate: p.identity.birthDate })
    }
  })
})
