/**
 * H5's raw store (src/platform/rawStore.h5.ts): localStorage in Taro's format, read without Taro's
 * getStorageSync, whose read of an absent key throws (and catches) a SyntaxError: with an inspector attached, the
 * first throw from a script made V8 re-parse it, ~30 ms of a cold start's path (issue 16).
 */
import Taro from '@tarojs/taro'
import { rawStore } from '../../src/platform/rawStore.h5'

beforeEach(() => window.localStorage.clear())

test('an absent key is undefined, and reading it throws nothing, not even inside', () => {
  const parse = jest.spyOn(JSON, 'parse')
  try {
    expect(rawStore.get('pass.display')).toBeUndefined()
    expect(parse).not.toHaveBeenCalled()
  } finally {
    parse.mockRestore()
  }
})

test("reads what Taro's storage wrote, and Taro's storage reads what it writes", () => {
  Taro.setStorageSync('a', 'written by Taro')
  expect(rawStore.get('a')).toBe('written by Taro')
  rawStore.set('b', 'written by the app')
  expect(Taro.getStorageSync('b')).toBe('written by the app')
  expect(window.localStorage.getItem('b')).toBe(JSON.stringify({ data: 'written by the app' }))
  rawStore.remove('b')
  expect(Taro.getStorageSync('b')).toBe('')
  expect(rawStore.get('b')).toBeUndefined()
})

test('what is not a stored string reads as absent, as through Taro', () => {
  window.localStorage.setItem('plain', 'not json')
  window.localStorage.setItem('broken', '{"data": ')
  window.localStorage.setItem('number', JSON.stringify({ data: 7 }))
  window.localStorage.setItem('empty', JSON.stringify({ data: '' }))
  window.localStorage.setItem('other', JSON.stringify({ value: 'x' }))
  for (const key of ['plain', 'broken', 'number', 'empty', 'other']) expect(rawStore.get(key)).toBeUndefined()
})

test('a full storage is NP_ERR_STORAGE, with the key', () => {
  const setItem = jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
    throw new DOMException('quota exceeded', 'QuotaExceededError')
  })
  try {
    expect(() => rawStore.set('big', 'x')).toThrow(expect.objectContaining({ code: 'NP_ERR_STORAGE' }))
  } finally {
    setItem.mockRestore()
  }
})
