/** The citizen's inbox routes (我的消息); the operator's 送达率 is part of the summary (`delivery`). */
import {
  NoticeIdSchema,
  NoticeListQuerySchema,
  NoticeListSchema,
  NoticeReadResponseSchema,
} from "./notices.ts";
import { error, type PathParam, type RouteSpec } from "./route-spec.ts";

const noticeIdParam: PathParam = {
  schema: NoticeIdSchema,
  description: "a notice id",
  unknown: "unknown_notice",
};

export const NOTICE_ROUTES = {
  listNotices: {
    id: "listNotices",
    method: "GET",
    path: "/v1/notices",
    summary:
      "The signed-in citizen's notices (我的消息), newest first, with each channel's delivery and the unread count",
    tag: "citizen",
    callers: ["citizen"],
    query: NoticeListQuerySchema,
    responses: { 200: { description: "A page of notices", schema: NoticeListSchema } },
  },
  readNotice: {
    id: "readNotice",
    method: "POST",
    path: "/v1/notices/{noticeId}/read",
    summary: "Mark one of the caller's notices read (again: the first time stands)",
    tag: "citizen",
    callers: ["citizen"],
    pathParams: { noticeId: noticeIdParam },
    responses: {
      200: { description: "Read", schema: NoticeReadResponseSchema },
      404: error("No such notice addressed to the caller (`unknown_notice`)"),
    },
  },
} as const satisfies Record<string, RouteSpec>;
