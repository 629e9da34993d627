import { chromium } from "playwright-core";

const [, , url, token, role, ...paths] = process.argv;
const b = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const ctx = await b.newContext({ viewport: { width: 1366, height: 768 } });
await ctx.addInitScript(
  ([token, role]) =>
    sessionStorage.setItem(
      "onething.session",
      JSON.stringify({
        token,
        role,
        reveal: true,
        idNumber: "330212196403210134",
        name: "王建国",
        expiresAt: "2099-01-01T00:00:00Z",
      }),
    ),
  [token, role],
);
const p = await ctx.newPage();
p.on("console", (m) => console.log("console", m.type(), m.text()));
p.on("pageerror", (e) => console.log("pageerror", e.message));
let i = 0;
for (const path of paths) {
  await p.goto(url + path);
  await p.waitForTimeout(2500);
  await p.screenshot({ path: `/tmp/dev-${i++}.png`, fullPage: true });
  console.log(path, (await p.innerText("main")).slice(0, 600).replace(/\n+/g, " | "));
}
await b.close();
