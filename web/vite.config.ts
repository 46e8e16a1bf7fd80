/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npm run dev` proxies the API to a local `wecomadmin demo` (make dev).
const backend = process.env.WECOMADMIN_DEV_BACKEND ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [vue()],
  // vue-i18n feature flags: Composition API only, no devtools in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': backend, '/healthz': backend },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/element-plus')) return 'element-plus'
          return undefined
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    css: false,
    // One module graph and jsdom a worker, not a file (src/test/setup.ts
    // undoes what a test leaves behind): setting up jsdom and importing
    // Element Plus per file was most of the run's time.
    isolate: false,
    setupFiles: ['src/test/setup.ts'],
    // The 5 s / 10 s defaults: a component test took 3 s on a loaded CI
    // machine; the bound is for hangs only.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
