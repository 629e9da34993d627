/** Headless Debian Chromium driven by playwright-core (no browser download), and the pages' sign-in. */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { removeDataDir, startPlatform } from "../e2e/support.ts";

const REPO = resolve(import.meta.dirname, "..", "..");
/**
 * Where the browser tests save their screenshots: outside the tree's tracked files (`.artifacts/`, git-ignored), so
 * `npm test` leaves `git status` clean; `npm run screenshots` sets `SCREENSHOTS_DIR=docs/screenshots` to refresh the
 * README's pictures on purpose.
 */
export const SCREENSHOTS = resolve(REPO, process.env.SCREENSHOTS_DIR ?? join(".artifacts", "screenshots"));

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error("no Chromium: install Debian's `chromium` (.ci/run does) or set CHROMIUM_PATH");
  return found;
}

export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** `launch` gives Chromium a fresh temporary profile of its own and removes it on close. */
export async function launchBrowser(): Promise<RunningBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** A laptop-sized tab whose page errors fail loudly (collected; the test asserts none happened). */
export async function openPage(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1366, height: 768 },
    locale: "zh-CN",
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

/** The local OpenID provider's login page (`packages/identity`), reached from the pages' sign-in button. */
export async function openLoginPage(page: Page): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: "通过统一身份认证登录" }).click();
  await page.getByRole("heading", { name: "统一身份认证（本地）", level: 1 }).waitFor();
}

/** Signs in as a sample resident (or organisation) through the local OpenID provider's login page (code + PKCE), to 我的办件. */
export async function signInAsCitizen(page: Page, sampleName: string): Promise<void> {
  await openLoginPage(page);
  await page
    .getByRole("group", { name: /^(群众|机构（法人账户）)$/ })
    .getByRole("button", { name: sampleName, exact: true })
    .click();
  await page.getByRole("heading", { name: "我的办件" }).waitFor();
}

/** Signs in as the whole platform's operator (with or without `reveal`) through the local provider, to 运行总览. */
export async function signInAsOperator(page: Page, reveal: boolean): Promise<void> {
  await openLoginPage(page);
  const account = reveal ? "运营人员 · 全平台（可查看明文）" : "运营人员 · 全平台";
  await page
    .getByRole("group", { name: "运营人员" })
    .getByRole("button", { name: account, exact: true })
    .click();
  await page.getByRole("heading", { name: "运行总览" }).waitFor();
}

/** The WCAG 2.1 A and AA rules axe-core checks on every page state the browser tests visit. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe-core on the page as it is now and fails on any violation, naming the state, the rule and the elements:
 * call it at every page state a test visits (after the state has rendered).
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact ?? "?"}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(found, `axe-core violations on ${state}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** One part of the page (a panel), rather than the whole page. */
export async function screenshotOf(part: Locator, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await part.screenshot({ path });
  return path;
}

/**
 * The platform for a browser test file, with `manual` departments played by hand and every other one simulated
 * quickly and without refusals or supplement requests, and Chromium launched before the tests: both stopped after.
 */
export async function startForBrowser(manual: string, args: string[] = []) {
  const platform = await startPlatform([
    "--in-memory",
    "--manual",
    manual,
    "--reject-rate",
    "0",
    "--supplement-rate",
    "0",
    "--delay-ms",
    "50-300",
    ...args,
  ]);
  let chrome: RunningBrowser | undefined;
  beforeAll(async () => {
    chrome = await launchBrowser();
  });
  afterAll(async () => {
    await chrome?.close();
    await platform.stop();
    removeDataDir(platform.dataDir);
  });
  const browser = (): Browser => {
    if (!chrome) throw new Error("Chromium is launched before the tests");
    return chrome.browser;
  };
  return { platform, browser };
}
