/**
 * H5's randomness (src/platform/miniRandom.h5.ts): `crypto.getRandomValues` only. The mini-programs' DRBG and its
 * SHA-256/HMAC stay out of H5's first script (issue 16); without `getRandomValues` nothing is made up.
 */
import { webcrypto } from 'node:crypto'

jest.mock('../../../src/platform/miniRandom', () => jest.requireActual('../../../src/platform/miniRandom.h5'))

import { prepareRandom, randomBytes, randomHex, randomReady, resetRandomForTests } from '../../../src/platform/random'

const realCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')
const setCrypto = (value: unknown) =>
  Object.defineProperty(globalThis, 'crypto', { value, configurable: true, writable: true })

afterEach(() => {
  if (realCrypto) Object.defineProperty(globalThis, 'crypto', realCrypto)
  delete (globalThis as { wx?: unknown }).wx
  resetRandomForTests()
  jest.restoreAllMocks()
})

test('draws from crypto.getRandomValues at once, never from Math.random', async () => {
  setCrypto(webcrypto)
  const mathRandom = jest.spyOn(Math, 'random')
  const draw = jest.spyOn(webcrypto, 'getRandomValues')
  expect(randomReady()).toBe(true)
  await prepareRandom()
  const draws = Array.from({ length: 100 }, () => randomHex(16))
  expect(new Set(draws).size).toBe(100)
  expect(randomBytes(48)).toHaveLength(48)
  expect(draw).toHaveBeenCalledTimes(101)
  expect(mathRandom).not.toHaveBeenCalled()
})

test('without getRandomValues: NP_ERR_RANDOM_UNAVAILABLE, even where a mini-program source exists', async () => {
  setCrypto(undefined)
  // A `wx.getRandomValues` is not a source on H5.
  ;(globalThis as { wx?: unknown }).wx = {
    getRandomValues: (o: { length: number; success: (r: { randomValues: ArrayBuffer }) => void }) =>
      o.success({ randomValues: webcrypto.getRandomValues(new Uint8Array(o.length)).buffer }),
  }
  const mathRandom = jest.spyOn(Math, 'random')
  expect(randomReady()).toBe(false)
  await expect(prepareRandom()).rejects.toMatchObject({ code: 'NP_ERR_RANDOM_UNAVAILABLE' })
  let thrown: unknown
  try {
    randomBytes(16)
  } catch (e) {
    thrown = e
  }
  expect(mathRandom).not.toHaveBeenCalled()
  expect(thrown).toMatchObject({ code: 'NP_ERR_RANDOM_UNAVAILABLE' })
})
