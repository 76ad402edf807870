import { NpError } from '@/core/errors'

/** The `NpError` code `f` throws, `'none'` when it returns; any other error is thrown on. */
export const codeOf = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    if (e instanceof NpError) return e.code
    throw e
  }
  return 'none'
}
