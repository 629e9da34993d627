/**
 * The API's refusals in the reader's language: every top-level code and field issue code the API can give has a
 * zh and an en sentence, params land in them, and nothing falls back to the server's English `message`.
 */
import { globSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  API_ERROR_CODES,
  ApiError,
  describeApiError,
  describeIssue,
  describeIssues,
  HTTP_ERROR,
  ISSUE_CODES,
  NETWORK_ERROR,
  NOT_JSON,
  type Translate,
} from "../src/errors.ts";
import { en } from "../src/locales/en.ts";
import { zh } from "../src/locales/zh.ts";
import { translators } from "./translators.ts";

let tZh: Translate;
let tEn: Translate;
beforeAll(async () => {
  ({ tZh, tEn } = await translators({ fallbackLng: "zh" }));
});

const CJK = /[\u4e00-\u9fff]/;
const SERVER_SENTENCE = "a sentence only the server would write";

/** The codes the brief names (and every IgnoreReason): each must have its own sentence, not the generic one. */
const TOP_LEVEL = [
  "validation_failed",
  "unknown_bundle",
  "unknown_case",
  "case_closed",
  "nothing_requested",
  "item_not_open",
  "stale_attempt",
  "already_answered",
  "idempotency_key_reused",
  "submission_refused",
  "open_case_exists",
  "bad_path",
  "payload_too_large",
  "unauthenticated",
  "forbidden",
  "task_token_invalid",
  "task_token_expired",
  "task_token_unknown_key",
  "not_found",
  "method_not_allowed",
  "busy",
  "case_busy",
  "internal_error",
  "unknown_queue",
  "body_required",
  "malformed_json",
  "invalid_query",
  "service_unavailable",
  "bad_gateway",
  // IgnoreReason (packages/domain/src/engine/types.ts), passed as the code of a 409.
  "already_submitted",
  "invalid_application",
  "unknown_item",
  "wrong_department",
  "invalid_outputs",
  "supplement_incomplete",
  "not_yet_due",
  "already_escalated",
  "deadlines_unchanged",
  // Offers (免申即享).
  "unknown_offer",
  "offer_expired",
  "offer_declined",
  "offer_superseded",
  "offer_accepted",
];

const FIELD_CODES = [
  "required",
  "invalid_type",
  "too_short",
  "too_long",
  "too_small",
  "too_big",
  "invalid_value",
  "invalid_format",
  "not_a_field",
  "invalid",
  "id_number_format",
  "id_number_region",
  "id_number_birth_date",
  "id_number_check_char",
  "uscc_format",
  "uscc_check_char",
  "phone_format",
  "date_format",
  "date_not_real",
  "identity_locked",
  "not_requested",
  "unknown_item",
  "counter_for_clerks",
  "invalid_cursor",
  "calendar_inconsistent",
  "year_mismatch",
  "out_of_range",
  "invalid_element_key",
  "duplicate_element_key",
  "field_not_open",
];

/** A value for each param a sentence can name. */
const PARAMS = {
  expected: "5",
  minimum: 2,
  maximum: 500,
  allowed: "a, b",
  format: "email",
  birth: "1938-02-30",
  key: "dibao",
};

const refusal = (code: string) => new ApiError(409, code, SERVER_SENTENCE);

describe("top-level error codes", () => {
  it.each(TOP_LEVEL)("%s has its own zh and en sentence", (code) => {
    expect(API_ERROR_CODES).toContain(code);
    const zhText = describeApiError(tZh, refusal(code));
    const enText = describeApiError(tEn, refusal(code));
    expect(zhText).toMatch(CJK);
    expect(enText).not.toMatch(CJK);
    expect(enText.length).toBeGreaterThan(5);
    // Its own sentence: not the one for codes the page does not know, and never the server's.
    expect(zhText).not.toBe(describeApiError(tZh, refusal("no_such_code")).replace("no_such_code", code));
    for (const text of [zhText, enText]) {
      expect(text).not.toContain(SERVER_SENTENCE);
      expect(text).not.toContain("{{");
    }
  });

  it("covers every code the API's sources give (refusals, auth, ops, the local gateway, IgnoreReason)", () => {
    const missing = apiCodesInSources().filter((code) => !API_ERROR_CODES.includes(code));
    expect(missing).toEqual([]);
  });

  it("gives every code the API's sources give its own sentence in zh and in en, never the server's", () => {
    const unknownZh = (code: string) =>
      describeApiError(tZh, refusal("no_such_code")).replace("no_such_code", code);
    const unknownEn = (code: string) =>
      describeApiError(tEn, refusal("no_such_code")).replace("no_such_code", code);
    const untranslated = apiCodesInSources().filter((code) => {
      const zhText = describeApiError(tZh, refusal(code));
      const enText = describeApiError(tEn, refusal(code));
      return (
        !Object.hasOwn(zh.errors.api, code) ||
        !Object.hasOwn(en.errors.api, code) ||
        zhText === unknownZh(code) ||
        enText === unknownEn(code) ||
        !CJK.test(zhText) ||
        CJK.test(enText) ||
        zhText.includes(SERVER_SENTENCE) ||
        enText.includes(SERVER_SENTENCE)
      );
    });
    expect(untranslated).toEqual([]);
  });

  it("names the case a refusal points to (open_case_exists), in each language", () => {
    const error = new ApiError(409, "open_case_exists", SERVER_SENTENCE, [], "OT-20261202-AB12CD34");
    expect(describeApiError(tZh, error)).toBe(
      "此人已有一件同类事项正在办理，请跟进该件，无需重复申请。（办件编号 OT-20261202-AB12CD34）",
    );
    expect(describeApiError(tEn, error)).toBe(
      "A case of this kind is already open for this person; follow it instead of applying again. (case OT-20261202-AB12CD34)",
    );
  });

  it("names an unknown code in a translated sentence, never the server's message", () => {
    const error = new ApiError(418, "brand_new_refusal", SERVER_SENTENCE);
    expect(describeApiError(tZh, error)).toBe("请求未能完成（错误代码 brand_new_refusal）。");
    expect(describeApiError(tEn, error)).toBe(
      "The request could not be completed (error code brand_new_refusal).",
    );
    // Not a key lookup gone astray: an inherited property name is unknown too.
    expect(describeApiError(tZh, refusal("toString"))).toContain("toString");
  });

  it("translates what never got a JSON answer: no connection, an unreadable body, a bare status", () => {
    expect(describeApiError(tZh, new ApiError(0, NETWORK_ERROR, "Failed to fetch"))).toBe(
      "无法连接到服务，请检查网络后重试。",
    );
    expect(describeApiError(tZh, new ApiError(502, NOT_JSON, "<html>Bad Gateway</html>"))).toBe(
      "服务返回了无法识别的内容（HTTP 502）。",
    );
    expect(describeApiError(tEn, new ApiError(429, HTTP_ERROR, "Too Many Requests"))).toBe(
      "The request could not be completed (HTTP 429).",
    );
    expect(describeApiError(tZh, new TypeError("x is undefined"))).toBe("页面出现意外错误，请刷新后重试。");
  });
});

describe("field issue codes", () => {
  it.each(FIELD_CODES)("%s has a zh and an en sentence", (code) => {
    expect(ISSUE_CODES).toContain(code);
    const issue = { path: "applicant.idNumber", code, params: PARAMS, message: SERVER_SENTENCE };
    const zhText = describeIssue(tZh, issue);
    const enText = describeIssue(tEn, issue);
    expect(zhText).toMatch(CJK);
    expect(enText).not.toMatch(CJK);
    for (const text of [zhText, enText]) {
      expect(text).not.toContain(SERVER_SENTENCE);
      expect(text).not.toContain("{{");
    }
    if (code !== "invalid") expect(zhText).not.toBe(describeIssue(tZh, { path: "x", code: "invalid" }));
  });

  it("covers every issue code the API's sources give", () => {
    const missing = issueCodesInSources().filter((code) => !ISSUE_CODES.includes(code));
    expect(missing).toEqual([]);
  });

  it("puts the params in the sentence", () => {
    const check = { path: "subject.idNumber", code: "id_number_check_char", params: { expected: "5" } };
    expect(describeIssue(tZh, check)).toBe("校验码应为 5（GB 11643）");
    expect(describeIssue(tEn, check)).toBe("The check character must be 5 (GB 11643)");
    expect(describeIssue(tZh, { path: "reason", code: "too_short", params: { minimum: 2 } })).toBe(
      "至少 2 个字符",
    );
    expect(describeIssue(tEn, { path: "n", code: "too_big", params: { maximum: 16384 } })).toBe(
      "Must be at most 16384",
    );
    expect(
      describeIssue(tZh, { path: "b", code: "id_number_birth_date", params: { birth: "1938-02-30" } }),
    ).toBe("其中的出生日期 1938-02-30 不是真实日期");
    expect(describeIssue(tZh, { path: "u", code: "uscc_check_char", params: { expected: "Q" } })).toBe(
      "校验码应为 Q（GB 32100）",
    );
    // A known type or format is named in words; another is shown as sent.
    expect(describeIssue(tZh, { path: "a", code: "invalid_type", params: { expected: "number" } })).toBe(
      "类型不正确，应为数字",
    );
    expect(describeIssue(tEn, { path: "a", code: "invalid_format", params: { format: "email" } })).toBe(
      "Must be an email address",
    );
    expect(describeIssue(tEn, { path: "a", code: "invalid_type", params: { expected: "bigint" } })).toBe(
      "Must be bigint",
    );
  });

  it("names the same params in zh and en", () => {
    const names = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const code of ISSUE_CODES) {
      const key = code as keyof typeof zh.errors.issue;
      expect(names(en.errors.issue[key]), code).toEqual(names(zh.errors.issue[key]));
    }
  });

  it("says less, but in words, when a sentence's param is missing", () => {
    const text = describeIssue(tZh, { path: "subject.idNumber", code: "id_number_check_char" });
    expect(text).toBe("填写有误");
  });

  it("names an unknown issue code, and translates an issue without one, never its message", () => {
    const unknown = { path: "x", code: "brand_new_check", message: SERVER_SENTENCE };
    expect(describeIssue(tZh, unknown)).toBe("填写有误（代码 brand_new_check）");
    expect(describeIssue(tEn, unknown)).toBe("Is not valid (code brand_new_check)");
    // The local gateway's /dev/token issues carry no code.
    expect(describeIssue(tZh, { path: "idNumber" })).toBe("填写有误");
  });

  it("lists issues by the field's label, several on one path joined", () => {
    const issues = [
      { path: "reason", code: "too_short", params: { minimum: 2 } },
      { path: "reason", code: "invalid" },
      { path: "headers.idempotency-key", code: "required" },
    ];
    const label = (path: string) => (path === "reason" ? "查看原因" : undefined);
    expect(describeIssues(tZh, issues, label)).toEqual([
      { path: "reason", text: "查看原因：至少 2 个字符；填写有误" },
      { path: "headers.idempotency-key", text: "headers.idempotency-key：此项为必填项" },
    ]);
  });
});

describe("the locales", () => {
  it("have the same keys in zh and en", () => {
    const keys = (o: object, prefix = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });
});

// The API's sources, read for the codes they give (a code added there without a sentence here fails above).
const REPO = resolve(import.meta.dirname, "..", "..", "..");
const read = (path: string) => readFileSync(resolve(REPO, path), "utf8");
const matches = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1] ?? "");

/** Every server source file (not the pages, not tests): wherever a refusal may be written. */
const SERVER_SOURCES = globSync(["packages/*/src/**/*.ts", "functions/*/src/**/*.ts"], { cwd: REPO })
  .filter((f) => !f.startsWith("packages/web/"))
  .map((f) => ({ file: f, text: read(f) }));

function apiCodesInSources(): string[] {
  const codes = SERVER_SOURCES.flatMap(({ file, text }) => [
    // A refusal's code follows its kind (or, for the gateway's answers, its status).
    ...matches(
      text,
      /(?:RefusalError|RequestRefusedError|OpsRequestError|errorResult|jsonError|super)\(\s*(?:\d{3}|"[a-z_]+"),\s*"([a-z_]+)"/g,
    ),
    // The domain's own errors (a malformed catalogue …) never reach a caller; refusals do.
    ...(file.startsWith("packages/domain/") ? [] : matches(text, /readonly code = "([a-z_]+)"/g)),
    ...matches(text, /status: \d{3},\s*code: "([a-z_]+)"/g),
    // An error body written out (the local gateway's own refusals, API Gateway's stand-in; the HTTP layer's), and an
    // error code a contract declares.
    ...matches(text, /error: "([a-z_]+)"/g),
    ...matches(text, /error: z\.literal\("([a-z_]+)"\)/g),
    ...(file.endsWith("engine/types.ts")
      ? matches(/export type IgnoreReason =([^;]+);/.exec(text)?.[1] ?? "", /"([a-z_]+)"/g)
      : []),
  ]);
  expect(codes).toContain("already_answered");
  expect(codes).toContain("deadlines_unchanged");
  expect(codes).toContain("unknown_case");
  return [...new Set(codes)].sort();
}

function issueCodesInSources(): string[] {
  // `custom` is zod's own code for a refinement (its stable code is in `params.code`, matched here too).
  // Field issues come from the domain's validation, the use cases, the router and the dev sign-in; a `code:` there
  // that is not a top-level code is an issue's.
  const producers = /^packages\/(domain|cases|api|local)\//;
  const topLevel = new Set(apiCodesInSources());
  const codes = SERVER_SOURCES.filter(({ file }) => producers.test(file))
    .flatMap(({ text }) => matches(text, /code: "([a-z_]+)"/g))
    .filter((c) => c !== "custom" && !topLevel.has(c));
  expect(codes).toContain("id_number_format");
  return [...new Set(codes)].sort();
}
