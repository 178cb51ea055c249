import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { initialJs, INITIAL_JS_BUDGET_BYTES } from './bundle-size';

const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));

/** Prints the initial JavaScript (gzipped) after every build; the budget test enforces it. */
function reportInitialJs(): Plugin {
  return {
    name: 'casework-initial-js',
    apply: 'build',
    closeBundle() {
      const { gzip, files } = initialJs(outDir);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const verdict = gzip <= INITIAL_JS_BUDGET_BYTES ? 'within' : 'OVER';
      process.stdout.write(
        `console: initial JS ${kb(gzip)} gzipped in ${files.length} files (${verdict} the ${kb(INITIAL_JS_BUDGET_BYTES)} budget)\n`,
      );
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [reportInitialJs()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rollupOptions: {
      // antd marks its modules "use client" (for React Server Components): meaningless in a SPA bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
