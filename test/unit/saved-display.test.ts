/**
 * The saved display record (issue 16): the first frame's colour comes from
 * verified codes only, a damaged or implausible record is no record, and its
 * staleness (older than the QR's window, or a code expired) is known.
 */
import type { ProvinceResult } from '../../src/features/pass/passLogic'
import { DEFAULT_MAX_AGE_MS } from '../../src/core/passCodec'
import { asSavedDisplay, displayOf, SAVED_MAX_AGE_MS, savedStaleness } from '../../src/features/pass/savedDisplay'

const now = 1_800_000_000_000
const H = 3_600_000

function result(province: string, colour: 'green' | 'yellow' | 'red', verified: boolean, validUntil = now + H) {
  return {
    province,
    status: verified ? 'done' : 'unverified',
    healthCode: {
      province,
      issuer: province,
      colour,
      issuedAt: now - H,
      validUntil,
      history: [],
      popUps: [],
      verified,
    },
    tests: [],
    vaccinations: [],
  } as ProvinceResult
}

const EVERY = ['110000', '310000', '440000', '540000']

describe('saved display record', () => {
  test('the colour is the worst verified code; an unsigned red never colours it and counts as unseen', () => {
    const d = displayOf(
      'p1',
      '张三',
      {
        '110000': result('110000', 'green', true),
        '310000': result('310000', 'yellow', true, now + 2 * H),
        '540000': result('540000', 'red', false),
      },
      now,
      EVERY,
      'zh',
    )
    expect(d).toMatchObject({
      colour: 'yellow',
      verified: 2,
      green: 1,
      flagged: [{ province: '310000', colour: 'yellow' }],
      missing: ['440000', '540000'],
      validUntil: now + H,
      savedAt: now,
      name: '张三',
    })
    expect(asSavedDisplay(JSON.parse(JSON.stringify(d)))).toEqual(d)
  })

  test('no verified code: no colour at all', () => {
    const d = displayOf('p1', '张三', { '540000': result('540000', 'green', false) }, now, EVERY, 'en')
    expect(d.colour).toBeNull()
    expect(d.verified).toBe(0)
    expect(d.missing).toEqual(EVERY)
  })

  test('a damaged record, or a colour with no verified code behind it, is no record', () => {
    const good = displayOf('p1', 'A', { '110000': result('110000', 'green', true) }, now, EVERY, 'zh')
    expect(asSavedDisplay(good)).not.toBeNull()
    expect(asSavedDisplay(null)).toBeNull()
    expect(asSavedDisplay({ ...good, v: 2 })).toBeNull()
    expect(asSavedDisplay({ ...good, colour: 'purple' })).toBeNull()
    expect(asSavedDisplay({ ...good, verified: 0 })).toBeNull()
    expect(asSavedDisplay({ ...good, savedAt: 'yesterday' })).toBeNull()
    expect(asSavedDisplay({ ...good, missing: [1] })).toBeNull()
    expect(asSavedDisplay({ ...good, lang: 'fr' })).toBeNull()
  })

  test('stale: older than the window, or a saved code expired since', () => {
    // The same window as the pass QR's screenshot limit (a copy, so the first frame loads no codec).
    expect(SAVED_MAX_AGE_MS).toBe(DEFAULT_MAX_AGE_MS)
    const d = displayOf('p1', 'A', { '110000': result('110000', 'green', true, now + H) }, now, EVERY, 'zh')
    expect(savedStaleness(d, now + 60_000, 10 * 60_000)).toBeNull()
    expect(savedStaleness(d, now + 11 * 60_000, 10 * 60_000)).toBe('old')
    expect(savedStaleness(d, now + 2 * H, 10 * 60_000)).toBe('expired')
  })
})
