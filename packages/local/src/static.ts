import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";

/** What a static file answers: status, headers and body (the gateway's `HttpResponse` shape). */
export interface StaticResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".wasm": "application/wasm",
};

export const contentTypeOf = (path: string): string =>
  CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";

/**
 * A file name carrying a content hash (`index-3f9a1c2b.js`, `app.3F9A1C2B.css`, as Vite and esbuild name build
 * output): its content never changes under that name, so browsers may keep it for a year.
 */
export const isHashedAsset = (path: string): boolean => /[.-][A-Za-z0-9_]{8,}\.[a-z0-9]+$/.test(path);

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/** The web build directory to serve, if it exists (a directory with an `index.html`). */
export function webRootIfBuilt(dir: string): string | undefined {
  const index = join(dir, "index.html");
  return existsSync(index) && statSync(index).isFile() ? resolve(dir) : undefined;
}

export type StaticOutcome =
  | { kind: "file"; response: StaticResponse }
  | { kind: "refused" }
  | { kind: "missing" };

/**
 * Resolves a request path inside `root` and reads the file. A path that is not validly percent-encoded, holds a
 * NUL, or resolves (`..`, symlinks) outside the root is `refused`; a directory means its `index.html`.
 */
export function readStatic(root: string, urlPath: string): StaticOutcome {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: "refused" };
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return { kind: "refused" };
  const base = realpathSync(root);
  const candidate = resolve(base, `.${decoded.startsWith("/") ? decoded : `/${decoded}`}`);
  if (candidate !== base && !candidate.startsWith(base + sep)) return { kind: "refused" };
  if (!existsSync(candidate)) return { kind: "missing" };
  let file = candidate;
  if (statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) return { kind: "missing" };
  // A symlink inside the build may still point out of it.
  const real = realpathSync(file);
  if (real !== base && !real.startsWith(base + sep)) return { kind: "refused" };
  if (!statSync(real).isFile()) return { kind: "missing" };
  const body = readFileSync(real);
  const isIndex = real.endsWith(`${sep}index.html`) || extname(real) === ".html";
  return {
    kind: "file",
    response: {
      status: 200,
      headers: {
        "content-type": contentTypeOf(real),
        "cache-control": !isIndex && isHashedAsset(real) ? IMMUTABLE : REVALIDATE,
        "x-content-type-options": "nosniff",
      },
      body,
    },
  };
}

/** Whether an unknown path is a page navigation (the SPA's client-side route) rather than a missing asset. */
export function wantsHtml(accept: string | undefined, path: string): boolean {
  if (extname(path) !== "") return false;
  return (accept ?? "").split(",").some((part) => /^\s*text\/html\b/i.test(part));
}

/**
 * `GET`/`HEAD` of a path outside the API: the file, or (for a page navigation) the app's `index.html`, so
 * client-side routes survive a reload. `undefined` when nothing matches (the gateway answers 404).
 */
export function serveWeb(
  root: string,
  urlPath: string,
  accept: string | undefined,
): StaticResponse | undefined {
  const outcome = readStatic(root, urlPath);
  if (outcome.kind === "file") return outcome.response;
  if (outcome.kind === "refused") {
    return {
      status: 400,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: Buffer.from(JSON.stringify({ error: "bad_path", message: "the path leaves the web root" })),
    };
  }
  if (!wantsHtml(accept, urlPath)) return undefined;
  const index = readStatic(root, "/index.html");
  return index.kind === "file" ? index.response : undefined;
}
