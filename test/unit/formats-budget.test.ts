/**
 * docs/formats.md "Where the bytes go": every row of both tables recomputed
 * from the test vectors (test/fixtures/vectors.json), so the itemisation
 * cannot drift from the codecs.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { base45Decode } from '@/core/base45'
import { base64urlDecode, Reader } from '@/core/bytes'
import { readClaimHeader, readHolder } from '@/core/claims'
import vectors from '../fixtures/vectors.json'

const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'formats.md'), 'utf8')
const SIG = 64
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`
/** A table row as the doc writes it: `| part | bytes | share |`. */
const row = (part: string, bytes: number, total: number) => `| ${part} | ${bytes} | ${pct(bytes, total)} |`
const lengthOfVarint = (n: number) => {
  let len = 1
  while (n >= 0x80) {
    n = Math.floor(n / 0x80)
    len++
  }
  return len
}

test('the pass QR itemisation matches the typical pass vector', () => {
  const text = vectors.pass.text
  const bin = base45Decode(text.slice(4))
  const r = new Reader(bin, 'NP_ERR_PASS_MALFORMED')
  readHolder(r)
  const holder = r.offset
  let framing = lengthOfVarint(r.varint())
  const headers: number[] = []
  const bodies: Record<string, number> = {}
  const perClaim: Record<string, number> = {}
  let sigs = 0
  for (let i = 0; i < 3; i++) {
    const head = r.varint()
    framing += lengthOfVarint(head)
    expect(head % 2).toBe(1) // holder elided
    const entry = r.take(Math.floor(head / 2))
    const cr = new Reader(entry)
    const { typ } = readClaimHeader(cr)
    headers.push(cr.offset)
    bodies[typ] = entry.length - cr.offset
    r.take(SIG)
    sigs += SIG
    perClaim[typ] = lengthOfVarint(head) + entry.length + SIG
  }
  r.end()
  const total = bin.length
  const headerBytes = headers.reduce((a, b) => a + b, 0)
  expect(holder + framing + headerBytes + bodies.hc + bodies.tr + bodies.vx + sigs).toBe(total)
  expect(doc).toContain(`base45 of **${total} bytes** (3 characters per 2 bytes:\n${text.length - 4})`)
  expect(doc).toContain(`= **${text.length} characters**`)
  for (const line of [
    row('holder', holder, total),
    row('framing', framing, total),
    row('claim headers', headerBytes, total),
    row('hc body', bodies.hc, total),
    row('tr body', bodies.tr, total),
    row('vx body', bodies.vx, total),
    row('signatures', sigs, total),
  ])
    expect(doc).toContain(line)
  expect(doc).toContain(`hc ${perClaim.hc}, tr ${perClaim.tr}, vx ${perClaim.vx}.`)
})

test('the place-code itemisation matches the typical place-code vector', () => {
  const url = vectors.placeCode.url
  const prefix = url.slice(0, url.lastIndexOf('/') + 1)
  const payload = url.slice(prefix.length)
  const bytes = base64urlDecode(payload)
  const r = new Reader(bytes.subarray(0, bytes.length - SIG))
  readClaimHeader(r)
  const header = r.offset
  r.u8()
  const flags = r.offset - header
  const at = () => r.offset
  let from = at()
  r.text()
  const venueId = at() - from
  from = at()
  r.text()
  const name = at() - from
  from = at()
  r.text()
  const address = at() - from
  r.end()
  const total = bytes.length
  expect(header + flags + venueId + name + address + SIG).toBe(total)
  expect(doc).toContain(`\`${prefix}\` (${prefix.length} characters) + base64url of **${total} bytes**`)
  expect(doc).toContain(`no padding: ${payload.length}) = **${url.length} characters**`)
  for (const line of [
    row('claim header', header, total),
    row('flags', flags, total),
    row('venueId', venueId, total),
    row('name', name, total),
    row('address', address, total),
    row('signature', SIG, total),
  ])
    expect(doc).toContain(line)
  // Without the address: its bytes go, the flags byte stays (bit cleared).
  const without = total - address
  const chars = Math.ceil((without * 4) / 3)
  expect(doc).toContain(
    `(${without} bytes → ${chars} base64url characters) the URL\nwould be ${prefix.length + chars} characters`,
  )
})

test('the place-code v2 itemisation matches the v2 vector, and it is within 160 characters', () => {
  const url = vectors.placeCodeV2.url
  const prefix = url.slice(0, url.lastIndexOf('/') + 1)
  const payload = url.slice(prefix.length)
  const bytes = base64urlDecode(payload)
  const r = new Reader(bytes.subarray(0, bytes.length - SIG))
  expect(r.u8()).toBe(0xc2)
  r.u24()
  r.text()
  r.u8()
  r.u8()
  r.varint()
  const header = r.offset
  let from = r.offset
  r.text()
  const venueId = r.offset - from
  from = r.offset
  r.text()
  const name = r.offset - from
  r.end()
  const total = bytes.length
  expect(header + venueId + name + SIG).toBe(total)
  expect(url.length).toBeLessThanOrEqual(160)
  expect(doc).toContain(`\`${prefix}\` (${prefix.length} characters) + base64url of **${total} bytes** (4`)
  expect(doc).toContain(`no padding: ${payload.length}) = **${url.length} characters**`)
  for (const line of [
    row('header', header, total),
    row('venueId', venueId, total),
    row('name', name, total),
    row('signature', SIG, total),
  ])
    expect(doc).toContain(line)
  const v1 = base64urlDecode(vectors.placeCode.url.slice(prefix.length)).length
  expect(doc).toContain(
    `day (2 bytes, not 4): ${v1 - total} bytes, ${vectors.placeCode.url.length - url.length} characters fewer.`,
  )
})
