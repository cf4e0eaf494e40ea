// The Electron side, built into dist-electron/:
//   main.js      ESM, for Electron's Node. Native modules and electron stay external (loaded
//                from node_modules, unpacked from the asar); everything else is bundled.
//   preload.cjs  one self-contained CommonJS file: a sandboxed preload can require only
//                'electron', so nothing may be split out of it. Built by a second pass below.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const outDir = resolve(root, 'dist-electron');
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'koffi', /^@koromix\//, /^node:/, ...builtinModules];

function preloadBuild(): Plugin {
  // Next to main.js, wherever that goes (the shell-bundle test builds into a scratch directory).
  let preloadOutDir = outDir;
  return {
    name: 'snapvisor-preload',
    apply: 'build',
    configResolved(config) {
      preloadOutDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        build: {
          outDir: preloadOutDir,
          emptyOutDir: false,
          sourcemap: true,
          minify: false,
          target: 'chrome140',
          lib: { entry: resolve(root, 'electron/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
          rolldownOptions: { external: ['electron'] },
        },
      });
    },
  };
}

export default defineConfig({
  root,
  publicDir: false,
  plugins: [preloadBuild()],
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
