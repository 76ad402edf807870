/**
 * Mini-programs: Taro compiles `import()` to a synchronous `require` there,
 * which would put the verifier in the main package. So the verifier lives in
 * the `foreign` subpackage (its page src/foreign/verify) and runs there: the
 * guard hands the check over, the page verifies, resolves and goes back.
 */
import { type ForeignCheckInput, type ForeignGuardResult, handOff } from './foreignBridge'

export async function runForeignCheck(input: ForeignCheckInput): Promise<ForeignGuardResult> {
  // Taro is loaded when first needed, so the platform-free slice tests never load it.
  const { default: Taro } = await import('@tarojs/taro')
  return new Promise((resolve, reject) => {
    handOff({ input, resolve, reject })
    Taro.navigateTo({ url: '/foreign/verify/index' }).catch(reject)
  })
}

/** Mini-programs fetch the `foreign` subpackage by app.json's preloadRule when guard mode opens. */
export function preloadForeignCheck(): void {}
