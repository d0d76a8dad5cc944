/** Builds dist/widget.js (a tiny classic script) and the ES module chunks it loads from dist/widget/. */
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

const CHUNKS = 'widget';

/**
 * Emits widget.js: the embed snippet loads it as a classic script, which then imports the
 * content-hashed loader relative to its own URL. Generated here because only the bundle knows the hash.
 */
function widgetScript(): Plugin {
  return {
    name: 'parley-widget-script',
    apply: 'build',
    generateBundle(_, bundle) {
      const entry = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      if (!entry) throw new Error('parley-widget-script: the build has no entry chunk.');
      // Written small by hand: it is part of what every visitor downloads. ES2020, like the chunks.
      const script = `(()=>{let w=(...e)=>console.warn("Parley:",...e);try{
let s=document.currentScript||document.querySelector('script[data-site][src*="widget.js"]'),k=s?.dataset.site,u;
if(!k)return w('add data-site="SITE_KEY" to the widget.js script tag');
u=new URL(${JSON.stringify(entry.fileName)},s.src);
import(u.href).then(m=>m.start(k,u.origin),e=>w("the chat widget did not load:",e))
}catch(e){w(e)}})();
`;
      this.emitFile({ type: 'asset', fileName: 'widget.js', source: script });
    },
  };
}

export default defineConfig({
  base: './',
  publicDir: false,
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false }), widgetScript()],
  build: {
    target: 'es2020',
    // Firefox 92 is the first with `system-ui`: from there on, the minifier need not spell out a long font fallback list.
    cssTarget: ['chrome87', 'firefox92', 'safari14', 'edge88'],
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Library mode: unlike app mode, Vite then adds no preload helper around the panel's dynamic import.
    lib: { entry: 'src/loader.ts', formats: ['es'] },
    rolldownOptions: {
      // Keep the loader's `start` export (widget.js calls it); allowing extra exports lets modules
      // shared with the panel stay in the loader chunk instead of costing a third request.
      preserveEntrySignatures: 'allow-extension',
      output: {
        entryFileNames: `${CHUNKS}/[name]-[hash].js`,
        chunkFileNames: `${CHUNKS}/[name]-[hash].js`,
        assetFileNames: `${CHUNKS}/[name]-[hash][extname]`,
        // Library mode leaves whitespace and comments for a downstream bundler; this file ships as is.
        minify: true,
        comments: false,
      },
    },
  },
});
