import fc from 'fast-check'
import { base45Decode, base45Encode } from '@/core/base45'
import { utf8Decode, utf8Encode } from '@/core/bytes'
import { NpError } from '@/core/errors'

describe('base45 (RFC 9285)', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
    ['', ''],
  ])('encodes %j as %j and back', (text, b45) => {
    expect(base45Encode(utf8Encode(text))).toBe(b45)
    expect(utf8Decode(base45Decode(b45))).toBe(text)
  })

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        expect(base45Decode(base45Encode(b))).toEqual(b)
      }),
      { numRuns: 400 },
    )
  })

  it.each([
    ['GGW', 'overflows'],
    ['ZZZ', 'overflows'],
    ['GG', 'overflows'],
    ['A', 'length'],
    ['ABCD', 'length'],
    ['ab0', 'not base45'],
    ['AB=', 'not base45'],
  ])('refuses %j (%s) with an NpError', (bad, why) => {
    expect(() => base45Decode(bad)).toThrow(NpError)
    expect(() => base45Decode(bad)).toThrow(why)
  })

  it('decodes FGW as the largest pair 0xffff', () => {
    expect(Array.from(base45Decode('FGW'))).toEqual([0xff, 0xff])
  })

  it('throws nothing but an NpError for any string, and what it accepts re-encodes identically', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9A-Z $%*+\-./:]*$/)), (s) => {
        let b: Uint8Array
        try {
          b = base45Decode(s, 'NP_ERR_PASS_MALFORMED')
        } catch (e) {
          expect(e).toBeInstanceOf(NpError)
          expect((e as NpError).code).toBe('NP_ERR_PASS_MALFORMED')
          return
        }
        expect(base45Encode(b)).toBe(s)
      }),
      { numRuns: 500 },
    )
  })
})
