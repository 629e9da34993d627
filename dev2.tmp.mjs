import { chromium } from "playwright-core";

const [, , url, token] = process.argv;
const b = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const ctx = await b.newContext({ viewport: { width: 1366, height: 768 }, baseURL: url });
ctx.setDefaultTimeout(15000);
await ctx.addInitScript(
  ([token]) =>
    sessionStorage.setItem(
      "onething.session",
      JSON.stringify({
        token,
        role: "citizen",
        reveal: false,
        idNumber: "330212196403210134",
        name: "王建国",
        expiresAt: "2099-01-01T00:00:00Z",
      }),
    ),
  [token],
);
const page = await ctx.newPage();
page.on("pageerror", (e) => console.log("pageerror", e.message));
await page.goto("/apply");
await page.getByRole("link", { name: "开始申请 · 身后一件事" }).click();
await page.getByRole("button", { name: "after-death-hospital-pensioner" }).click();
const subjectId = page.getByLabel("逝者身份证号");
await subjectId.fill("330212193805120016");
await page.getByRole("button", { name: "提交申请" }).click();
await page.waitForFunction(() => document.querySelector("[aria-invalid=true]"));
console.log(await subjectId.getAttribute("aria-invalid"), await subjectId.getAttribute("aria-describedby"));
const d = (await subjectId.getAttribute("aria-describedby")).split(" ")[0];
console.log(await page.locator(`[id="${d}"]`).textContent());
await page.screenshot({ path: "/tmp/dev-form.png", fullPage: false });
await subjectId.fill("330212193805120015");
console.log("after fix", await subjectId.getAttribute("aria-invalid"));
await page.getByRole("button", { name: "提交申请" }).click();
await page.waitForURL(/\/my\/cases\//);
console.log(page.url());
await page
  .getByTestId("case-status")
  .getByText("已办结")
  .waitFor({ timeout: 60000 })
  .catch((e) => console.log("not done", e.message.slice(0, 100)));
await page.screenshot({ path: "/tmp/dev-case.png", fullPage: true });
await b.close();
