/**
 * The H5 boot shell (src/boot/savedShell.ts), bundled by esbuild into one
 * small script that src/index.html carries inline: it must run before any
 * other script is fetched, so it cannot be one of webpack's chunks. Built
 * from the same modules the app uses (savedDisplay, savedCard, strings), so
 * the shell and the pass page's first frame cannot drift apart. esbuild is a
 * dev dependency for this alone (Taro's toolchain has it too).
 */
import path from 'node:path'
import { buildSync } from 'esbuild'

export function bootShellScript(): string {
  const out = buildSync({
    entryPoints: [path.resolve(__dirname, '..', 'src', 'boot', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    // The browsers the app's own build targets have WebCrypto and async functions.
    target: 'es2017',
    platform: 'browser',
    write: false,
    define: { 'process.env.TARO_ENV': '"h5"' },
    legalComments: 'none',
  })
  // Inline in <script>: no "</script" may appear in it.
  return out.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1')
}
