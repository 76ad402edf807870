import path from 'node:path'
import type { Compiler } from 'webpack'

/**
 * WeChat's `lazy` subpackage (issue 16; src/app.config.ts, src/app/lazyCode.ts):
 * one extra webpack entry, `lazy/index` (src/lazy/index.ts), emitted as
 * dist/weapp/lazy/index.js beside Taro's pages. Taro's MiniPlugin replaces the
 * config's entries with its own (app, pages, components), so the entry is
 * added when the compilation is made, like Taro adds its own. It shares the
 * main package's webpack runtime (runtime.js): loaded with `require.async`,
 * the file pushes its modules onto `wx.webpackJsonp` and runs the entry, which
 * publishes its exports. Modules it shares with the main package stay in
 * common.js/vendors.js; those it alone uses stay in its file; those it shares
 * only with other subpackages go to its own and their sub-common copies
 * (Taro's optimizeMainPackage).
 */
export const LAZY_ROOT = 'lazy'
export const LAZY_ENTRY = `${LAZY_ROOT}/index`

export class LazyPackagePlugin {
  constructor(private readonly source = path.resolve(__dirname, '..', 'src', 'lazy', 'index.ts')) {}

  apply(compiler: Compiler): void {
    const { EntryPlugin, Compilation } = compiler.webpack
    compiler.hooks.make.tapAsync('np-lazy-package', (compilation, done) => {
      const dep = EntryPlugin.createDependency(this.source, { name: LAZY_ENTRY })
      compilation.addEntry(compiler.context, dep, { name: LAZY_ENTRY }, (err) => done(err ?? undefined))
    })
    // Taro's subpackage pass writes a style and a template beside every subpackage entry; this one is no page.
    compiler.hooks.thisCompilation.tap('np-lazy-package', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'np-lazy-package', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT },
        (assets) => {
          for (const name of Object.keys(assets)) {
            if (name.startsWith(`${LAZY_ENTRY}.`) && !name.endsWith('.js') && !name.endsWith('.js.map'))
              compilation.deleteAsset(name)
          }
        },
      )
    })
  }
}
