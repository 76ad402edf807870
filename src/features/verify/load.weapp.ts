/**
 * WeChat: the start slices' verifiers are in the `lazy` subpackage (issue 16;
 * src/app/lazyCode.ts). A thunk that needs them waits until that package is
 * there (after a retry if its download failed).
 */
import { lazyCodeReady } from '../../app/lazyCode'

export type Verifiers = typeof import('./code')

export function loadVerifiers(): Promise<Verifiers> {
  return lazyCodeReady().then((code) => code.verifiers)
}
