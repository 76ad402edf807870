/** H5: the start slices' verifiers are an async chunk, fetched when a thunk first needs them (issue 16). */
export type Verifiers = typeof import('./code')

export function loadVerifiers(): Promise<Verifiers> {
  return import(/* webpackChunkName: "verify" */ './code')
}
