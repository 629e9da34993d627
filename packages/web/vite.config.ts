import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Same-origin API: the local runtime (and CloudFront on AWS) serves these pages and /v1/* together. In `vite dev`,
// /v1, /dev and the runtime config are proxied to a running `npm start` (ONETHING_URL, default
// http://localhost:3000); the OpenID provider's redirects go to the runtime's own origin, so sign in there with the
// dev forms.
const api = process.env.ONETHING_URL ?? "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  server: { proxy: { "/v1": api, "/dev": api, "/runtime-config.json": api } },
});
