/**
 * The code after the first frame (issue 16) — on H5 the services' async chunk,
 * on WeChat the lazy subpackage — may fail to download. The app then keeps its
 * first frame, shows NP_ERR_CODE_LOAD with a retry, and its thunks wait; the
 * retry loads the code and the app restores who is signed in. Here the loader
 * (src/app/serviceLoader) fails its first attempt the way a failed chunk does.
 */
import { bootApp } from './bootApp'

let attempts = 0
jest.doMock('../../src/app/serviceLoader', () => ({
  servicesNow: undefined,
  loadServices: () => {
    attempts += 1
    if (attempts === 1) return Promise.reject(new Error('Loading chunk services failed'))
    return Promise.resolve(jest.requireActual('../../src/app/appServices').appServices)
  },
}))

test('a failed download shows NP_ERR_CODE_LOAD and a retry; nothing is restored until the retry loads the code', async () => {
  const app = await bootApp({ route: 'pass', waitForRestore: false })
  const error = await app.find('[data-code-load="failed"] [data-error="NP_ERR_CODE_LOAD"]')
  expect(error.textContent).toBe('应用的部分功能下载失败，请检查网络后重试')
  expect(attempts).toBe(1)
  // The thunks wait for the code: who is signed in is not restored without it.
  expect(app.state().identity.status).not.toBe('ready')
  await app.click('[data-action="retry-code-load"]')
  await app.waitFor(() => app.state().identity.status === 'ready')
  await app.waitFor(() => document.querySelector('[data-code-load]') === null)
  expect(attempts).toBe(2)
})
