import { RequestRefusedError } from "@onething/cases";
import { NoticeListSchema, NoticeReadResponseSchema } from "@onething/contracts";
import { RefusalError } from "@onething/domain";
import { InvalidCursorError } from "@onething/store";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

const unknownNotice = () => new RequestRefusedError("not_found", "unknown_notice", "no such notice of yours");

/** A citizen's notices are addressed to their organisation when they act for one, else to their ID number. */
const addresseeOf = (principal: { role: string; idNumber?: string; uscc?: string }): string => {
  if (principal.role !== "citizen") throw unknownNotice();
  return principal.uscc ?? principal.idNumber ?? "";
};

/** The citizen's inbox (我的消息): only the addressee reads or marks a notice (anyone else: 404 `unknown_notice`). */
export const noticeRoutes: Pick<RouteHandlers, "listNotices" | "readNotice"> = {
  listNotices: async ({ principal, query }, deps) => {
    const identity = addresseeOf(principal);
    if (!deps.notices) return json(200, NoticeListSchema.parse({ notices: [], unread: 0 }));
    try {
      const page = await deps.notices.list(identity, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return json(200, NoticeListSchema.parse(page));
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new RefusalError("invalid", "validation_failed", "invalid query", [
          { path: "query.cursor", message: error.message, code: "invalid_cursor" },
        ]);
      throw error;
    }
  },

  readNotice: async ({ principal, params }, deps) => {
    const identity = addresseeOf(principal);
    const read = await deps.notices?.markRead(identity, params.noticeId, deps.clock());
    if (!read) throw unknownNotice();
    return json(200, NoticeReadResponseSchema.parse({ noticeId: params.noticeId, readAt: read.readAt }));
  },
};
