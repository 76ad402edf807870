/**
 * `npm start`: builds the H5 app if it is missing, then serves it with the
 * mock province backends on 127.0.0.1 and prints the URLs.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { serveApp } from './serveApp'

async function main() {
  const root = path.resolve(__dirname, '..')
  if (!existsSync(path.join(root, 'dist', 'h5', 'index.html')) || process.argv.includes('--rebuild')) {
    console.log('Building the H5 app (about 20 s)…')
    const r = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: root, stdio: 'inherit' })
    if (r.status !== 0) process.exit(r.status ?? 1)
  }
  const port = Number(process.env.PORT ?? 10086)
  const mockPort = Number(process.env.MOCK_PORT ?? 9300)
  const app = await serveApp({ port, mockPort })
  console.log(`National Pass (H5) is at ${app.url}`)
  console.log(`Mock province backends at ${app.mockUrl} (the app reaches them at ${app.url}np-api/)`)
  if (existsSync(path.join(root, 'dist', 'h5', 'sw.js'))) {
    console.log('Once opened it also starts offline (service worker; 127.0.0.1 counts as a secure context).')
  }
  console.log('Press Ctrl+C to stop.')
  const stop = () => {
    app.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
