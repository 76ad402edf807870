import fc from 'fast-check'
import { base64urlDecode, base64urlEncode, concat, Reader, utf8Decode, utf8Encode, Writer } from '@/core/bytes'
import { NpError } from '@/core/errors'

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f()
  } catch (e) {
    if (!(e instanceof NpError)) throw e
    return e.code
  }
  return undefined
}

describe('utf8', () => {
  it('matches TextEncoder/TextDecoder for any well-formed text', () => {
    fc.assert(
      fc.property(fc.fullUnicodeString(), (s) => {
        const b = utf8Encode(s)
        expect(Array.from(b)).toEqual(Array.from(new TextEncoder().encode(s)))
        expect(utf8Decode(b)).toBe(s)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses lone surrogates and malformed UTF-8 with an NpError', () => {
    expect(codeOf(() => utf8Encode('a\ud800b', 'NP_ERR_VALIDATION'))).toBe('NP_ERR_VALIDATION')
    for (const bad of [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xe4, 0xb8],
      [0x80],
    ]) {
      expect(codeOf(() => utf8Decode(Uint8Array.from(bad)))).toBe('NP_ERR_CLAIM_MALFORMED')
    }
  })

  it('never throws anything but an NpError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const code = codeOf(() => utf8Decode(b))
        if (code === undefined) expect(utf8Encode(utf8Decode(b))).toEqual(b)
      }),
      { numRuns: 500 },
    )
  })
})

describe('base64url', () => {
  it('matches Node for any bytes and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        const s = base64urlEncode(b)
        expect(s).toBe(Buffer.from(b).toString('base64url'))
        expect(base64urlDecode(s)).toEqual(b)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses stray characters, padding, impossible lengths and non-canonical tails', () => {
    for (const bad of ['a', 'ab=', 'a+b/', 'AB', 'AAB', 'ab c']) {
      expect(codeOf(() => base64urlDecode(bad, 'NP_ERR_PLACE_CODE_MALFORMED'))).toBe('NP_ERR_PLACE_CODE_MALFORMED')
    }
  })
})

describe('Writer and Reader', () => {
  it('round-trip every field type', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 0xffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 2 ** 49 - 1 }),
        fc.uint8Array({ maxLength: 20 }),
        fc.fullUnicodeString(),
        fc.fullUnicodeString(),
        (a, b, c, d, bytes, s, t) => {
          const buf = new Writer().u8(a).u24(b).u32(c).varint(d).bytes(bytes).utf8(s).text(t).finish()
          const r = new Reader(buf)
          expect([r.u8(), r.u24(), r.u32(), r.varint(), r.bytes(), r.utf8(), r.text()]).toEqual([
            a,
            b,
            c,
            d,
            bytes,
            s,
            t,
          ])
          r.end()
        },
      ),
      { numRuns: 300 },
    )
  })

  it('packs digits two to a byte and Chinese text two bytes a character', () => {
    expect(new Writer().text('440106220314').finish().length).toBe(1 + 6)
    expect(new Writer().text('12345').finish().length).toBe(1 + 3)
    expect(new Writer().text('天河城购物中心').finish().length).toBe(1 + 14)
    expect(new Writer().text('gd1').finish().length).toBe(1 + 3)
    for (const s of ['440106220314', '12345', '天河城购物中心', 'gd1', '', '0', '张*三', '😀x']) {
      expect(new Reader(new Writer().text(s).finish()).text()).toBe(s)
    }
  })

  it('throws the code it was given on truncation, overrun and trailing bytes, never a RangeError', () => {
    const buf = new Writer().u32(7).utf8('hello').finish()
    for (let n = 0; n < buf.length; n++) {
      expect(
        codeOf(() => {
          const r = new Reader(buf.subarray(0, n), 'NP_ERR_PASS_MALFORMED')
          r.u32()
          r.utf8()
        }),
      ).toBe('NP_ERR_PASS_MALFORMED')
    }
    expect(codeOf(() => new Reader(concat(buf, Uint8Array.of(0))).end())).toBe('NP_ERR_CLAIM_MALFORMED')
    expect(codeOf(() => new Reader(Uint8Array.of(0x80, 0x00)).varint())).toBe('NP_ERR_CLAIM_MALFORMED')
    expect(codeOf(() => new Reader(new Uint8Array(8).fill(0xff)).varint())).toBe('NP_ERR_CLAIM_MALFORMED')
    expect(codeOf(() => new Reader(Uint8Array.of((3 << 2) | 2, 0x1a, 0xbf)).text())).toBe('NP_ERR_CLAIM_MALFORMED')
    expect(codeOf(() => new Reader(Uint8Array.of((1 << 2) | 1, 0xd8, 0x00)).text())).toBe('NP_ERR_CLAIM_MALFORMED')
    expect(codeOf(() => new Reader(Uint8Array.of(3)).text())).toBe('NP_ERR_CLAIM_MALFORMED')
  })

  it('refuses to write what it cannot read back', () => {
    expect(codeOf(() => new Writer().u8(256))).toBe('NP_ERR_VALIDATION')
    expect(codeOf(() => new Writer().varint(-1))).toBe('NP_ERR_VALIDATION')
    expect(codeOf(() => new Writer().u32(1.5))).toBe('NP_ERR_VALIDATION')
  })

  it('never throws anything but an NpError reading random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (b) => {
        codeOf(() => {
          const r = new Reader(b)
          r.varint()
          r.text()
          r.bytes()
          r.u24()
          r.end()
        })
      }),
      { numRuns: 500 },
    )
  })
})
