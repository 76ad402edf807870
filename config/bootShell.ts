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

/** The parts of webpack's compilation `pageChunkFiles` reads (the html template hands it the real one). */
interface CompilationLike {
  chunks: Iterable<{
    files: Iterable<string>
    canBeInitial(): boolean
    groupsIterable: Iterable<{ chunks: Iterable<{ files: Iterable<string>; canBeInitial(): boolean }> }>
  }>
  chunkGraph: {
    getChunkModulesIterable(chunk: unknown): Iterable<{ resource?: string; rootModule?: { resource?: string } }>
  }
}

/**
 * The files (scripts and styles) of the async chunks that load `page` (a source path without its extension, e.g.
 * `src/pages/pass/index`): Taro's H5 router fetches a page's chunk only once the app's own scripts have run, so
 * the shell preloads the pass page's with the rest (issue 16: a cold start waited for that fetch before its first
 * frame). Chunks the entry already holds are left out.
 */
export function pageChunkFiles(compilation: CompilationLike, page: string): string[] {
  const wanted = `${page.replace(/\\/g, '/')}.`
  const holds = (m: { resource?: string; rootModule?: { resource?: string } }) =>
    (m.resource ?? m.rootModule?.resource ?? '').replace(/\\/g, '/').includes(wanted)
  const files = new Set<string>()
  for (const chunk of compilation.chunks) {
    if (chunk.canBeInitial()) continue
    if (![...compilation.chunkGraph.getChunkModulesIterable(chunk)].some(holds)) continue
    for (const group of chunk.groupsIterable)
      for (const c of group.chunks) if (!c.canBeInitial()) for (const f of c.files) files.add(f)
  }
  return [...files].filter((f) => f.endsWith('.js') || f.endsWith('.css'))
}
