import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The client is built into client/dist, which the Express server serves at /.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { input: { main: "index.html", bench: "bench.html" } },
  },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
