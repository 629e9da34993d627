/**
 * vitest global setup of the e2e project: builds the pages once per run, before any platform starts, so every
 * `onething start` serves the current `packages/web/dist` (the browser tests read it; the others ignore it).
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export default function setup(): void {
  const web = resolve(import.meta.dirname, "..", "..", "packages", "web");
  const vite = resolve(web, "..", "..", "node_modules", "vite", "bin", "vite.js");
  const r = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: web,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`building packages/web failed:\n${r.stdout}\n${r.stderr}`);
}
