// The Electron side and the command line, built into dist-electron/:
//   main.js      ESM, for Electron's Node. Native modules and electron stay external (loaded
//                from node_modules, unpacked from the asar); everything else is bundled.
//   preload.cjs  one self-contained CommonJS file: a sandboxed preload can require only
//                'electron', so nothing may be split out of it. Built by a second pass below.
//   cli.cjs      the `snapvisor` command, plain JavaScript for Node or Electron's Node mode
//                (bin/snapvisor.cjs; the packages' launcher). Third pass below. CommonJS because
//                start-up is what a CLI call costs: Node's ESM loader (and its facades for
//                node:fs & co.) measured ~10-20 ms slower per call. cli.cjs itself only turns
//                on the code cache (electron/cli/code-cache.ts) and loads the command line
//                (chunks/cli-run-*.cjs); the services (libvirt, SQLite) are in a chunk loaded
//                once a command runs (chunks/cli-execute-*.cjs), so help and usage errors
//                never load them.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const outDir = resolve(root, 'dist-electron');
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'koffi', /^@koromix\//, /^node:/, ...builtinModules];
/**
 * The CLI bundles better-sqlite3's JavaScript (its addon stays in node_modules, loaded by path,
 * electron/store/db.ts): fourteen small files resolved and compiled one by one cost every call
 * ~3 ms, where in the chunk the code cache serves them. `bindings`, which finds the addon when
 * no path is given, is never called and stays out.
 */
const CLI_EXTERNALS = [...MAIN_EXTERNALS.filter((e) => e !== 'better-sqlite3'), 'bindings'];

function preloadAndCliBuild(): Plugin {
  // Next to main.js, wherever that goes (the shell-bundle test builds into a scratch directory).
  let passOutDir = outDir;
  return {
    name: 'snapvisor-preload-cli',
    apply: 'build',
    configResolved(config) {
      passOutDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        build: {
          outDir: passOutDir,
          emptyOutDir: false,
          sourcemap: true,
          minify: false,
          target: 'chrome140',
          lib: { entry: resolve(root, 'electron/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
          rolldownOptions: { external: ['electron'] },
        },
      });
      await build({
        configFile: false,
        root,
        publicDir: false,
        logLevel: 'warn',
        ssr: { noExternal: true, external: ['koffi'] },
        build: {
          outDir: passOutDir,
          emptyOutDir: false,
          sourcemap: true,
          minify: false,
          target: 'node20',
          ssr: resolve(root, 'electron/cli/main.ts'),
          rolldownOptions: {
            external: CLI_EXTERNALS,
            output: { format: 'cjs', entryFileNames: 'cli.cjs', chunkFileNames: 'chunks/cli-[name]-[hash].cjs' },
          },
        },
      });
    },
  };
}

export default defineConfig({
  root,
  publicDir: false,
  plugins: [preloadAndCliBuild()],
  ssr: { noExternal: true, external: ['electron', 'better-sqlite3', 'koffi'] },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    target: 'node22',
    ssr: resolve(root, 'electron/main.ts'),
    rolldownOptions: {
      external: MAIN_EXTERNALS,
      output: { format: 'es', entryFileNames: 'main.js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
