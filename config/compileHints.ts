/**
 * H5: V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, Chromium 136+; other engines read a comment) on
 * the scripts whose code a cold start on the pass page runs before its first answer: the app's own chunk, the pass
 * page's chunk, and the services and what they share with the full view.
 *
 * Without it V8 pre-parses each function and compiles it again on the main thread when first called; with it the
 * whole file is compiled eagerly, off the main thread while the script streams in. In a traced cold start on this
 * machine the app's script ran in 44–61 ms instead of 114–137 ms, and the shared chunk in 40 instead of 88 ms
 * (issue 16; `npm run bench -- --only=start` prints the start-up figures). Not hinted: Taro's runtime chunk (with
 * it hinted too, paired cold starts were slower than with the app's chunk alone: much of it never runs, and the app
 * waits for its compilation), and the later chunks (other pages, the full view).
 *
 * The comment must be the file's first line, so it is added after minification (which drops comments) and before
 * the real content hash, so the file names still name their content.
 */
import webpack, { type Compilation, type Compiler } from 'webpack'
import { pageChunkFiles } from './bootShell'

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n'

export class CompileHintsPlugin {
  constructor(private readonly options: { chunks: readonly string[]; pages: readonly string[] }) {}

  apply(compiler: Compiler): void {
    compiler.hooks.thisCompilation.tap('np-compile-hints', (compilation: Compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'np-compile-hints', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_DEV_TOOLING },
        () => {
          for (const file of hintedFiles(compilation, this.options)) {
            const asset = compilation.getAsset(file)
            if (!asset) continue
            const source = asset.source.source().toString()
            if (source.startsWith(COMPILE_HINT)) continue
            compilation.updateAsset(file, new webpack.sources.ConcatSource(COMPILE_HINT, asset.source))
          }
        },
      )
    })
  }
}

function hintedFiles(compilation: Compilation, options: { chunks: readonly string[]; pages: readonly string[] }) {
  const named = new Set(options.chunks)
  const files = new Set<string>()
  for (const chunk of compilation.chunks) if (named.has(chunk.name ?? '')) for (const f of chunk.files) files.add(f)
  const pages = compilation as unknown as Parameters<typeof pageChunkFiles>[0]
  for (const page of options.pages) for (const f of pageChunkFiles(pages, page)) files.add(f)
  return [...files].filter((f) => f.endsWith('.js'))
}
