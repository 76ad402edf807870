/**
 * `npm run plugin:new -- <slug> --code <province code> [--zh 名称] [--en Name] [--origin <https origin>] [--root <dir>]`
 *
 * Scaffolds plugins/<slug>/index.ts, plugins/<slug>/manifest.ts and mock/provinces/<slug>.ts, and
 * registers both in plugins/index.ts and mock/provinces/index.ts (above the
 * `// plugin:new inserts above this line` marker in each array). The new plugin passes conformance as it is.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import provinces from '../src/core/data/provinces.json'
import { CONTRACT_VERSION } from '../src/sdk/manifest'
import { backendTemplate, manifestTemplate, pluginTemplate, type TemplateVars } from './plugin-templates'

/** What to scaffold. */
export interface ScaffoldOptions {
  slug: string
  /** GB/T 2260 province code, six digits ending in 0000. */
  code: string
  zh?: string
  en?: string
  /** The production origin of the province's API (https, no path). @default a DEMO placeholder `https://<slug>.np-demo.example` */
  origin?: string
  /** The project root to write into. @default process.cwd() */
  root?: string
}

/** The marker comment in both registry arrays; new entries go just above it, new imports after the last import. */
export const ENTRY_MARKER = '// plugin:new inserts above this line'

/** A refusal the CLI prints as it is (no stack). */
export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ScaffoldError'
  }
}

/** Write the plugin and its mock backend and register both; returns the files written or edited. */
export async function scaffoldPlugin(options: ScaffoldOptions): Promise<string[]> {
  const root = resolve(options.root ?? process.cwd())
  const { slug, code } = options
  if (!/^[a-z][a-z0-9-]{1,31}$/.test(slug))
    throw new ScaffoldError(`Slug "${slug}" must be lower-case letters, digits and "-", e.g. "test-province"`)
  if (!/^[1-9]\d0000$/.test(code))
    throw new ScaffoldError(`Code "${code}" must be a GB/T 2260 province code: six digits ending in 0000, e.g. 710000`)

  const pluginIndex = join(root, 'plugins/index.ts')
  const backendIndex = join(root, 'mock/provinces/index.ts')
  for (const file of [pluginIndex, backendIndex])
    if (!existsSync(file)) throw new ScaffoldError(`${file} not found: run from the project root or pass --root`)
  const pluginDir = join(root, 'plugins', slug)
  const backendFile = join(root, 'mock/provinces', `${slug}.ts`)
  if (existsSync(pluginDir)) throw new ScaffoldError(`plugins/${slug} already exists: slug "${slug}" is taken`)
  if (existsSync(backendFile))
    throw new ScaffoldError(`mock/provinces/${slug}.ts already exists: slug "${slug}" is taken`)
  const taken = await registered(root)
  const sameId = taken.find((p) => p.id === code)
  if (sameId)
    throw new ScaffoldError(`Province ${code} is already registered by ${sameId.slug}; each province registers once`)
  const sameSlug = taken.find((p) => p.slug === slug)
  if (sameSlug) throw new ScaffoldError(`Slug "${slug}" is already registered by ${sameSlug.id}`)

  const known = provinces.provinces.find((p) => p.code === code)
  const ident = slug.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
  const vars: TemplateVars = {
    slug,
    code,
    zh: options.zh ?? known?.zh ?? slug,
    en:
      options.en ??
      known?.en ??
      slug
        .split('-')
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join(' '),
    prefix: slug.replace(/-/g, '').slice(0, 3).toUpperCase(),
    ident,
  }
  for (const [key, value] of Object.entries({ zh: vars.zh, en: vars.en })) {
    if (/['\\\n`$]/.test(value)) throw new ScaffoldError(`--${key} must not contain quotes, backslashes or newlines`)
  }

  const origin = options.origin ?? `https://${slug}.np-demo.example`
  if (!/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(origin))
    throw new ScaffoldError(`--origin "${origin}" must be https://host[:port], lower-case, no path`)

  mkdirSync(pluginDir, { recursive: true })
  writeFileSync(join(pluginDir, 'manifest.ts'), manifestTemplate({ ...vars, contract: CONTRACT_VERSION, origin }))
  writeFileSync(join(pluginDir, 'index.ts'), pluginTemplate(vars))
  writeFileSync(backendFile, backendTemplate(vars))
  register(pluginIndex, `import ${ident} from './${slug}'`, `${ident},`)
  register(backendIndex, `import { ${ident}Backend } from './${slug}'`, `${ident}Backend,`)
  return [join(pluginDir, 'index.ts'), join(pluginDir, 'manifest.ts'), backendFile, pluginIndex, backendIndex]
}

/** Province codes and slugs of the plugins registered in `root`'s plugins/index.ts. */
async function registered(root: string): Promise<Array<{ id: string; slug: string }>> {
  const mod = (await import(join(root, 'plugins/index.ts'))) as Record<string, unknown>
  const found: Array<{ id: string; slug: string }> = []
  for (const value of Object.values(mod)) {
    if (!Array.isArray(value)) continue
    for (const p of value as unknown[]) {
      const { id, slug } = (p ?? {}) as { id?: unknown; slug?: unknown }
      if (typeof id === 'string' && typeof slug === 'string') found.push({ id, slug })
    }
  }
  return found
}

/** Insert an import after the last import and an array entry above the marker, keeping its indentation. */
function register(file: string, importLine: string, entry: string): void {
  let text = readFileSync(file, 'utf8')
  const at = text.indexOf(ENTRY_MARKER)
  if (at < 0)
    throw new ScaffoldError(`${file} has no "${ENTRY_MARKER}" comment; put it as the last line of the registry array`)
  const lineStart = text.lastIndexOf('\n', at) + 1
  text = `${text.slice(0, lineStart)}${text.slice(lineStart, at)}${entry}\n${text.slice(lineStart)}`
  const imports = [...text.matchAll(/^import .*$/gm)]
  const last = imports[imports.length - 1]
  const after = last?.index === undefined ? 0 : last.index + last[0].length + 1
  text = `${text.slice(0, after)}${importLine}\n${text.slice(after)}`
  writeFileSync(file, text)
}

/** Parse `<slug> --code <code> [--zh ..] [--en ..] [--root ..]`. */
export function parseArgs(argv: readonly string[]): ScaffoldOptions {
  const options: Partial<ScaffoldOptions> = {}
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === '--code' || flag === '--zh' || flag === '--en' || flag === '--root' || flag === '--origin') {
      const value = argv[++i]
      if (value === undefined) throw new ScaffoldError(`${flag} needs a value`)
      options[flag.slice(2) as 'code' | 'zh' | 'en' | 'root' | 'origin'] = value
    } else if (flag.startsWith('--')) {
      throw new ScaffoldError(`Unknown option ${flag}`)
    } else rest.push(flag)
  }
  if (rest.length !== 1 || !options.code)
    throw new ScaffoldError(
      'Usage: npm run plugin:new -- <slug> --code <province code> [--zh 名称] [--en Name] [--origin https://api.example.gov.cn]',
    )
  return { ...options, slug: rest[0], code: options.code }
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv)
  const files = await scaffoldPlugin(options)
  // Leave the tree as `npm run lint` wants it (the registries were edited too).
  const biome = join(__dirname, '..', 'node_modules', '.bin', 'biome')
  const formatted = spawnSync(biome, ['format', '--write', ...files], { stdio: 'ignore' })
  if (formatted.status !== 0) console.warn('biome could not format the new files; run npm run format')
  console.log(`Scaffolded ${options.slug} (${options.code}):\n${files.map((f) => `  ${f}`).join('\n')}`)
  console.log('Next: npx jest test/conformance   (then read plugins/README.md and adapt the plugin to your backend)')
  console.log(
    `Then put your production origin in plugins/${options.slug}/manifest.ts, run npm run domains -- --write, and npm run conformance -- --plugin ${options.slug} --base-url <your staging URL> --people <file>`,
  )
}

if (process.argv[1]?.replace(/\\/g, '/').endsWith('scripts/plugin-new.ts')) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof ScaffoldError ? e.message : e)
    process.exit(1)
  })
}
