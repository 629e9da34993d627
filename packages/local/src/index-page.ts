import type { RuntimeFile } from "./data-dir.ts";
import { beijingMinute } from "./progress.ts";

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/**
 * `GET /`: what runs and where, and where to go next. Not a dashboard (the web UI is its own issue): it says so.
 */
export function indexPage(runtime: RuntimeFile | undefined, platformNow: Date): string {
  const rows: [string, string][] = runtime
    ? [
        ["API", `${runtime.url}/v1`],
        ["DynamoDB Local", `${runtime.dynamoEndpoint} (${runtime.inMemory ? "in memory" : "persistent"})`],
        ["SQS emulator", `${runtime.sqsEndpoint} (in memory)`],
        ["Data directory", runtime.dataDir],
        [
          "Platform time",
          `${beijingMinute(platformNow)} Beijing${runtime.timeScale === 1 ? "" : `, clock ×${runtime.timeScale}`}`,
        ],
        [
          "Simulated departments",
          runtime.simulatedDepartments.length === 0
            ? "none: tasks wait for the CLI"
            : runtime.simulatedDepartments.join(", "),
        ],
      ]
    : [["Status", "starting"]];
  const table = rows
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>OneThing 一件事联办 — local platform</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
th { text-align: left; padding-right: 1.5rem; font-weight: 600; vertical-align: top; }
code { background: #f3f3f3; padding: 0 .25rem; }
</style>
</head>
<body>
<h1>OneThing 一件事联办 — local platform</h1>
<p>The platform runs here on the same handler code as on AWS: the HTTP API, the orchestrator, results and events consumers,
the sweeper, and simulated departments.</p>
<table>
${table}
</table>
<h2>Next</h2>
<ul>
<li><a href="/v1/openapi.json">/v1/openapi.json</a> — the API (OpenAPI 3.1)</li>
<li><a href="/v1/bundles">/v1/bundles</a> — the bundle catalogue (no token needed)</li>
<li><a href="/v1/departments">/v1/departments</a> — the department registry (no token needed)</li>
<li><a href="/healthz">/healthz</a> — health</li>
</ul>
<p>Every other route needs a bearer token from the dev issuer: the CLI mints them (<code>onething --help</code>), and
<code>POST /dev/token</code> signs the web pages in (local only).
The operator dashboard and the citizen case page are served here once <code>packages/web</code> is built
(<code>packages/web/dist</code>); until then this page is only an index.</p>
</body>
</html>
`;
}
