import { describe, expect, it } from "vitest";
import { noticesEn } from "../src/locales/notices-en.ts";
import { noticesZh } from "../src/locales/notices-zh.ts";
import { NOTICE_REASON_CODES, noticeReasonKey } from "../src/notice-reasons.ts";

describe("a failed channel's reason on the page", () => {
  it("is a translated code, and any other text the generic sentence, never the raw text", () => {
    expect(noticeReasonKey("unreachable")).toBe("notices.reason.unreachable");
    expect(noticeReasonKey("no_receipt")).toBe("notices.reason.no_receipt");
    for (const raw of ["publish_failed:ThrottlingException", "call 13812345678", "reason"])
      expect(noticeReasonKey(raw)).toBe("notices.reason.other");
    for (const code of NOTICE_REASON_CODES) {
      expect(noticesZh.reason[code]).toBeTruthy();
      expect(noticesEn.reason[code]).toBeTruthy();
    }
    expect(noticesEn.reason.other).not.toContain("{{");
  });
});
