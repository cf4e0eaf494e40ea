import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: built to dist/renderer and served by the shell from app://snapvisor/ (relative base './').
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
  },
});
