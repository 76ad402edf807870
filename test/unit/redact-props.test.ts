/**
 * Redaction that holds (property test): an ID number written with spaces or
 * dashes, in full-width digits, in a compact or written-out birth date, the
 * person's name split by spaces, a phone with separators — in any field and
 * any surrounding text — never reaches the log whole.
 */
import fc from 'fast-check'
import { demoIdNumber } from '../../mock/data/people'
import { createPluginLog, type LogEntry } from '../../src/sdk/context'
import { createRedactor, fold } from '../../src/sdk/redact'

const pad = (n: number, w: number) => String(n).padStart(w, '0')
const SURNAMES = Array.from('王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗')
const GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英')
const SEPS = [' ', '-', '', '', '', '　', '.']

const identityArb = fc
  .record({
    region: fc.constantFrom('110105', '310101', '440106', '510104', '650102'),
    y: fc.integer({ min: 1940, max: 2020 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    seq: fc.integer({ min: 0, max: 999 }),
    surname: fc.constantFrom(...SURNAMES),
    given: fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 }),
    phone: fc.integer({ min: 0, max: 99_999_999 }),
  })
  .map((r) => {
    const birth = `${r.y}${pad(r.m, 2)}${pad(r.d, 2)}`
    return {
      name: r.surname + r.given.join(''),
      idNumber: demoIdNumber(r.region, birth, pad(r.seq, 3)),
      phone: `139${pad(r.phone, 8)}`,
      birthDate: `${r.y}-${pad(r.m, 2)}-${pad(r.d, 2)}`,
    }
  })

/** Write `value` as a person might: separators between some characters, some characters full-width. */
const written = (value: string) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...SEPS), { minLength: value.length, maxLength: value.length }),
      fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }),
    )
    .map(([seps, wide]) =>
      Array.from(value)
        .map((c, i) => {
          const ch = wide[i] && /[0-9X]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c
          return i < value.length - 1 ? ch + seps[i] : ch
        })
        .join(''),
    )

/** Surrounding text that does not itself continue the number (letters, Chinese, punctuation). */
const around = fc.stringOf(fc.constantFrom(...Array.from('abc XYZ：:,;()[]{}"=/查询用户证件号码姓名电话')), {
  maxLength: 12,
})

/** What a reader could still recover: the text folded to ASCII with every separator removed. */
const recoverable = (s: string) =>
  fold(s)
    .replace(/[\s\u3000\-_.·]/g, '')
    .toUpperCase()

describe('redaction holds whatever the writing', () => {
  test('the known ID, phone, name and birth date, however written, never survive in text', () => {
    fc.assert(
      fc.property(
        identityArb.chain((id) =>
          fc.record({
            id: fc.constant(id),
            idText: written(id.idNumber),
            phoneText: written(id.phone),
            nameText: written(id.name),
            birthText: fc.constantFrom(
              id.birthDate,
              id.birthDate.replace(/-/g, ''),
              id.birthDate.replace(/-/g, '/'),
              id.birthDate.replace(/-/g, '.'),
              `${id.birthDate.slice(0, 4)}年${Number(id.birthDate.slice(5, 7))}月${Number(id.birthDate.slice(8))}日`,
            ),
            pre: around,
            post: around,
          }),
        ),
        ({ id, idText, phoneText, nameText, birthText, pre, post }) => {
          const r = createRedactor(id)
          const out = r.text(`${pre}${idText}${post} ${nameText} 电话${phoneText}; 生日 ${birthText}`)
          const seen = recoverable(out)
          expect(seen).not.toContain(id.idNumber)
          expect(seen).not.toContain(id.idNumber.slice(6, 14)) // the birth date inside the ID
          expect(seen).not.toContain(id.phone)
          expect(seen).not.toContain(id.birthDate.replace(/-/g, ''))
          expect(out.replace(/[\s\u3000\-_.·]/g, '')).not.toContain(id.name)
        },
      ),
      { numRuns: 300 },
    )
  })

  test('an unknown ID number in any spacing or width is masked by pattern alone', () => {
    fc.assert(
      fc.property(
        identityArb.chain((id) => fc.tuple(fc.constant(id.idNumber), written(id.idNumber), around, around)),
        ([idNumber, text, pre, post]) => {
          const out = createRedactor().text(`${pre} ${text} ${post}`)
          expect(recoverable(out)).not.toContain(idNumber)
        },
      ),
      { numRuns: 300 },
    )
  })

  test('every field of a log entry is redacted, whatever its key; tokens never appear', () => {
    fc.assert(
      fc.property(
        identityArb.chain((id) =>
          fc.tuple(
            fc.constant(id),
            written(id.idNumber),
            written(id.name),
            fc.constantFrom('q', 'detail', 'x-who', 'v'),
          ),
        ),
        ([id, idText, nameText, key]) => {
          const entries: LogEntry[] = []
          const log = createPluginLog(
            (e) => entries.push(e),
            { plugin: '440000' },
            () => 0,
            id,
          )
          log.info(`query ${nameText} ${idText}`, {
            [key]: `${nameText}/${idText}`,
            authorization: 'Bearer at.SECRETTOKEN123',
            note: 'sent Bearer at.SECRETTOKEN123',
          })
          const dump = JSON.stringify(entries)
          expect(recoverable(dump)).not.toContain(id.idNumber)
          expect(dump.replace(/[\s\u3000\-_.·]/g, '')).not.toContain(id.name)
          expect(dump).not.toContain('SECRETTOKEN123')
        },
      ),
      { numRuns: 200 },
    )
  })

  test('ordinary numbers and times stay readable', () => {
    const r = createRedactor()
    expect(r.text('took 1234 ms at 2026-11-30T18:00:00Z, 31 provinces')).toBe(
      'took 1234 ms at 2026-11-30T18:00:00Z, 31 provinces',
    )
  })
})
