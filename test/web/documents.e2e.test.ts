/**
 * Documents in headless Chromium against `onething start`: 卫健 asks for the original certificate as a document,
 * the citizen uploads a file on the supplement form (a presigned PUT through the local gateway to fauxqs's S3, then
 * the platform's check), and the department downloads exactly those bytes with a short-lived presigned GET.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliJson, taskFor } from "../e2e/support.ts";
import { expectAccessible, openPage, signInAsCitizen, startForBrowser } from "./browser.ts";

const { platform, browser } = await startForBrowser("health", ["--no-applicant-replies"]);

// A small but real PNG signature and header: the check reads the first bytes.
const SCAN = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
  0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
]);
const ASKED = "请上传死亡医学证明原件照片";

/** 卫健 asks for the certificate as a document (the CLI's --request-document). */
async function askForTheScan(taskToken: string): Promise<void> {
  await cliJson(platform.dataDir, [
    "answer",
    taskToken,
    "needs-supplement",
    "--reason",
    "证明照片不清晰",
    "--request-document",
    `certificateScan:${ASKED}`,
  ]);
}

async function departmentToken(department: string): Promise<string> {
  const r = await fetch(`${platform.url}/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ role: "department", department }),
  });
  return ((await r.json()) as { token: string }).token;
}

describe("a supplement answered with an uploaded document", () => {
  it("is uploaded on the supplement form and downloaded by the department, byte for byte", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "王建国");
    await expectAccessible(page, "my cases");
    const submitted = await cliJson<{ caseId: string }>(platform.dataDir, [
      "submit",
      "after-death",
      "--sample",
      "--sample-id",
      "after-death-hospital-pensioner",
    ]);
    const { caseId } = submitted;

    const first = await taskFor(platform.dataDir, "health", caseId, "death-certificate-hospital");
    await askForTheScan(first.taskToken);

    await page.goto(`/my/cases/${encodeURIComponent(caseId)}`);
    const supplement = page.getByRole("form", { name: "部门要求补正" });
    await supplement.getByLabel(new RegExp(ASKED)).waitFor();
    await expectAccessible(page, "a supplement asking for a document");

    await supplement.getByLabel(new RegExp(ASKED)).setInputFiles({
      name: "证明.png",
      mimeType: "image/png",
      buffer: SCAN,
    });
    await supplement.getByText("已上传：证明.png").waitFor();
    await expectAccessible(page, "the document uploaded and checked");
    await supplement.getByRole("button", { name: "提交补正材料" }).click();
    await supplement.waitFor({ state: "detached" });
    const step = page.getByRole("listitem", { name: "居民死亡医学证明（医疗机构出具）" });
    await step.getByText("部门办理中").waitFor();
    await expectAccessible(page, "the supplement answered");

    // The department's second attempt carries the reference; its token gets a presigned GET of the file.
    const second = await taskFor(platform.dataDir, "health", caseId, "death-certificate-hospital", 2);
    const listed = await cliJson<{ tasks: { taskToken: string; supplement?: Record<string, unknown> }[] }>(
      platform.dataDir,
      ["tasks", "health"],
    );
    const answered = listed.tasks.find((t) => t.taskToken === second.taskToken)?.supplement?.certificateScan;
    const documentId = (answered as { documentId?: string } | undefined)?.documentId ?? "";
    expect(documentId).toMatch(/^doc_/);
    const token = await departmentToken("health");
    const link = await fetch(`${platform.url}/v1/tasks/${second.taskToken}/documents/${documentId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(link.status).toBe(200);
    const { url, contentType } = (await link.json()) as { url: string; contentType: string };
    expect(contentType).toBe("image/png");
    const file = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(file.equals(SCAN)).toBe(true);
    // Another department's token gets nothing.
    const other = await fetch(`${platform.url}/v1/tasks/${second.taskToken}/documents/${documentId}`, {
      headers: { authorization: `Bearer ${await departmentToken("public-security")}` },
    });
    expect(other.status).toBe(403);
    expect(errors).toEqual([]);
  });

  it("is answered from the CLI too: onething supplement --file uploads, checks and answers by reference", async () => {
    const { caseId } = await cliJson<{ caseId: string }>(platform.dataDir, [
      "submit",
      "after-death",
      "--sample",
      "--sample-id",
      "after-death-hospital-veteran-working-age",
    ]);
    const first = await taskFor(platform.dataDir, "health", caseId, "death-certificate-hospital");
    await askForTheScan(first.taskToken);
    const file = join(platform.dataDir, "scan.png");
    writeFileSync(file, SCAN);
    await cliJson(platform.dataDir, [
      "supplement",
      caseId,
      "death-certificate-hospital",
      "--file",
      `certificateScan=${file}`,
    ]);
    const second = await taskFor(platform.dataDir, "health", caseId, "death-certificate-hospital", 2);
    const listed = await cliJson<{ tasks: { taskToken: string; supplement?: Record<string, unknown> }[] }>(
      platform.dataDir,
      ["tasks", "health"],
    );
    const answered = listed.tasks.find((t) => t.taskToken === second.taskToken)?.supplement?.certificateScan;
    expect(answered).toMatchObject({ documentId: expect.stringMatching(/^doc_/) });
  });
});

describe("a certificate PDF a department issued", () => {
  it("is downloaded by the applicant from the case page", async () => {
    const { page } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "宁波康颐养老服务集团有限公司");
    const { caseId } = await cliJson<{ caseId: string }>(platform.dataDir, [
      "submit",
      "elderly-care-opening",
      "--sample",
      "--sample-id",
      "eco-nonprofit-with-clinic",
    ]);
    await page.goto(`/my/cases/${encodeURIComponent(caseId)}`);
    const step = page.getByRole("listitem", { name: "民办非企业单位（社会服务机构）登记" });
    const download = step.getByRole("button", { name: "下载 登记证书 PDF" });
    await download.waitFor({ timeout: 60_000 });
    // The electronic certificate is shown by its number and issuer, not as raw JSON.
    await step.getByText(/nonprofit-registration-\d{6}（civil-affairs）/).waitFor();
    await expectAccessible(page, "a certificate PDF to download");
    // The click asks for a short-lived link and opens it: catch the presigned GET and read what it serves.
    let link = "";
    await page.route("**/local-s3/**", (route) => {
      link = route.request().url();
      return route.fulfill({
        status: 200,
        contentType: "text/html",
        body: "<!doctype html><title>ok</title>",
      });
    });
    await download.click();
    await expect.poll(() => link).toContain("/local-s3/");
    const served = Buffer.from(await (await fetch(link)).arrayBuffer());
    expect(served.subarray(0, 5).toString()).toBe("%PDF-");
    expect(served.toString()).toContain(`for case ${caseId}`);
  });
});
