/**
 * What went wrong, in the reader's language. The API's error body carries a stable `error` code and, per field, an
 * issue `code` with `params`; the pages translate those (`locales/errors-{zh,en}.ts`) and never show the server's
 * English `message`. An unknown code still gets a translated sentence, naming the code.
 */
import type { TFunction } from "i18next";
import { errorsZh } from "./locales/errors-zh.ts";
import type { FieldIssue } from "./types.ts";

/** A refusal from the API (or a request that never got a JSON answer): its code, status and per-field issues. */
export class ApiError extends Error {
  readonly status: number;
  /** The body's `error`; the page's own `network_error`, `not_json` or `http_error` when there was no such body. */
  readonly code: string;
  readonly issues: FieldIssue[];
  /** The case the refusal points to (`open_case_exists`: the open case of the same person). */
  readonly caseId: string | undefined;
  constructor(status: number, code: string, message: string, issues: FieldIssue[] = [], caseId?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.caseId = caseId;
  }
}

/** The page's codes for a request without an error body from the API. */
export const NETWORK_ERROR = "network_error";
export const NOT_JSON = "not_json";
export const HTTP_ERROR = "http_error";

/** The translate function of i18next (`useTranslation().t`, or `i18next.getFixedT(lang)`). */
export type Translate = TFunction;

/** A field issue as the API sends it; `code` may be missing from an older or foreign server. */
export type IssueLike = Pick<FieldIssue, "path"> & Partial<Pick<FieldIssue, "code" | "params">>;

const has = (group: Record<string, string>, key: string | undefined): key is string =>
  key !== undefined && Object.hasOwn(group, key);

const placeholders = (template: string) => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? "");

/** Codes this page translates (the zh catalogue; en has the same keys, checked by the type checker). */
export const API_ERROR_CODES: readonly string[] = Object.keys(errorsZh.api);
export const ISSUE_CODES: readonly string[] = Object.keys(errorsZh.issue);

/** The sentence for a top-level refusal (or a failed request); never the server's `message`. */
export function describeApiError(t: Translate, error: unknown): string {
  if (!(error instanceof ApiError)) return t("errors.unexpected");
  if (error.code === NETWORK_ERROR) return t("errors.network");
  if (error.code === NOT_JSON) return t("errors.notJson", { status: error.status });
  if (error.code === HTTP_ERROR) return t("errors.http", { status: error.status });
  if (!has(errorsZh.api, error.code)) return t("errors.unknown", { code: error.code });
  const sentence = t(`errors.api.${error.code}`);
  return error.caseId ? t("errors.aboutCase", { sentence, caseId: error.caseId }) : sentence;
}

/** What is wrong with one field, with the issue's `params` in the sentence; never the server's `message`. */
export function describeIssue(t: Translate, issue: IssueLike): string {
  const { code } = issue;
  if (code === undefined || code === "") return t("errors.issue.invalid");
  if (!has(errorsZh.issue, code)) return t("errors.unknownIssue", { code });
  const params: Record<string, string | number> = { ...issue.params };
  if (typeof params.expected === "string" && has(errorsZh.valueType, params.expected))
    params.expected = t(`errors.valueType.${params.expected}`);
  if (typeof params.format === "string" && has(errorsZh.format, params.format))
    params.format = t(`errors.format.${params.format}`);
  // A sentence whose value is missing would show its placeholder: say less, but say it in words.
  if (placeholders(errorsZh.issue[code as keyof typeof errorsZh.issue]).some((p) => params[p] === undefined))
    return t("errors.issue.invalid");
  return t(`errors.issue.${code}`, params);
}

/** The field issues of an error (none for anything but a refusal naming fields). */
export function issuesOf(error: unknown): FieldIssue[] {
  return error instanceof ApiError ? error.issues : [];
}

/** The issues' sentences by path, in the order the API named them; several on one path are joined. */
export function issueTextsByPath(t: Translate, issues: readonly IssueLike[]): Map<string, string> {
  const byPath = new Map<string, string[]>();
  for (const issue of issues)
    byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), describeIssue(t, issue)]);
  return new Map([...byPath].map(([path, texts]) => [path, texts.join(t("errors.join"))]));
}

/** Each issue as a line "field: what is wrong", the field by `label` (its label on the page) or else its path. */
export function describeIssues(
  t: Translate,
  issues: readonly IssueLike[],
  label: (path: string) => string | undefined = () => undefined,
): { path: string; text: string }[] {
  return [...issueTextsByPath(t, issues)].map(([path, text]) => ({
    path,
    text: t("errors.issueLine", { field: label(path) ?? path, text }),
  }));
}

/**
 * A `label` for `describeIssues` and `ErrorMessage`: a named field's label on the page, by its translation key.
 * @example fieldLabels(t, { reason: "case.withdrawReason" })("reason") // "撤回原因"
 */
export const fieldLabels =
  (t: Translate, keys: Readonly<Record<string, string>>) =>
  (path: string): string | undefined =>
    Object.hasOwn(keys, path) ? t(keys[path] ?? "") : undefined;
