/**
 * Mini-programs: Taro compiles `import()` to a synchronous `require` there,
 * which would put the verifier in every package that imports the guard. So
 * the verifier runs on its own page, pages/guard/foreign/index, in the guard's
 * subpackage (independent on weapp: the hand-off slot must be in the same
 * package, an independent one has its own copy of every module): the guard
 * hands the check over, the page verifies, resolves and goes back.
 */
import { type ForeignCheckInput, type ForeignGuardResult, handOff } from './foreignBridge'

export async function runForeignCheck(input: ForeignCheckInput): Promise<ForeignGuardResult> {
  // Taro is loaded when first needed, so the platform-free slice tests never load it.
  const { default: Taro } = await import('@tarojs/taro')
  return new Promise((resolve, reject) => {
    handOff({ input, resolve, reject })
    Taro.navigateTo({ url: '/pages/guard/foreign/index' }).catch(reject)
  })
}

/** Mini-programs: the verifier ships in the guard's own subpackage, already there when guard mode opens. */
export function preloadForeignCheck(): void {}
