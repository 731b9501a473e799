import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

declare const process: { env: Record<string, string | undefined> };

// During `npm run dev` the UI talks to a running `carebook serve` instance.
// Point CAREBOOK_API at it (default: http://127.0.0.1:5175).
const api = process.env.CAREBOOK_API ?? 'http://127.0.0.1:5175';

export default defineConfig({
  base: './',
  plugins: [svelte()],
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: api, changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
