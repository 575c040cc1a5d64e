// Bundles the pages' browser scripts with esbuild, in memory, once per process (at the first
// request; a server warms it at start). Nothing is written to disk, so nothing is committed:
// `npm install` then `npm start` serves everything. The bundle substitutes src/ledger's
// node:crypto Ed25519 with @noble/curves (browser/ed25519.ts) and injects a tiny Buffer.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PAGE_SCRIPTS = ['verify', 'apply', 'explorer'] as const;
export type PageScript = (typeof PAGE_SCRIPTS)[number];

const browserEd25519: Plugin = {
  name: 'browser-ed25519',
  setup(b) {
    // esbuild's filters are Go regular expressions: no /u flag
    b.onResolve({ filter: /\/ed25519\.js$/ }, (args) => {
      if (!args.importer.includes(`${path.sep}src${path.sep}ledger${path.sep}`)) return undefined;
      return { path: path.join(HERE, 'browser', 'ed25519.ts') };
    });
    b.onResolve({ filter: /^node:/ }, (args) => ({ errors: [{ text: `${args.path} cannot run in a browser (imported by ${args.importer})` }] }));
  },
};

let bundles: Promise<ReadonlyMap<PageScript, string>> | null = null;

async function bundleAll(): Promise<ReadonlyMap<PageScript, string>> {
  const result = await build({
    entryPoints: Object.fromEntries(PAGE_SCRIPTS.map((name) => [name, path.join(HERE, 'browser', `${name}.ts`)])),
    bundle: true,
    write: false,
    outdir: '/pages',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    inject: [path.join(HERE, 'browser', 'buffer-shim.ts')],
    plugins: [browserEd25519],
    logLevel: 'silent',
  });
  const out = new Map<PageScript, string>();
  for (const file of result.outputFiles) out.set(path.basename(file.path, '.js') as PageScript, file.text);
  return out;
}

/** The bundled script of a page (built on first use, then the same text for the process). */
export async function pageScript(name: PageScript): Promise<string> {
  bundles ??= bundleAll().catch((error: unknown) => {
    bundles = null;
    throw error;
  });
  const script = (await bundles).get(name);
  if (script === undefined) throw new Error(`no page script ${name}`);
  return script;
}
