/** Pages a person understands (issue 16): progress, waits, 码上办, the plain timeline, the overview's needs-attention strip. `pages-en.ts` has the same keys. */
export const pagesZh = {
  progress: {
    label: "总体进度",
    done: "{{done}} / {{total}} 项已完成",
    parts: {
      held: "部门办理中 {{count}} 项",
      waiting: "等待中 {{count}} 项",
      supplement: "待您补正 {{count}} 项",
    },
    join: " · ",
    aria: "{{label}}：{{text}}",
  },
  waitsFor: {
    event: "等待{{event}}，最迟至 {{until}}；收到后自动继续办理，无需再次申请",
    eventOpen: "等待{{event}}；收到后自动继续办理，无需再次申请",
    items: "等待{{items}}完成后开始办理",
    join: "、",
  },
  qr: {
    title: "码上办",
    hint: "用手机扫描二维码，随时查看本办件的办理进度。",
    alt: "本办件进度页的二维码",
    failed: "二维码未能生成。",
  },
  timeline: {
    other: "其他记录",
    attempt: "第 {{attempt}} 次办理",
    blockedBy: "{{text}}（{{item}}：{{status}}）",
    completedBy: "由{{event}}自动完成（{{source}}）",
    acceptedVisit: "确认办理服务（由入户走访发起）",
    acceptedRule: "确认办理服务（平台依据规则主动发起）",
    accepted: "确认办理服务",
  },
  my: { subject: "办理对象" },
  attention: {
    title: "需要关注",
    allClear: "目前没有需要处理的问题：没有超期事项、死信为空、没有卡住的办件。",
    overdue: "{{department}}：{{count}} 项超期，最久超期 {{days}} 天",
    overdueAt: "{{department}}：{{count}} 项超期",
    overdueCount: "{{count}} 项事项已超期",
    deadLetters: "死信队列中有 {{count}} 条消息（{{queues}}）",
    stuck: "{{department}}：{{count}} 项在办事项没有办理时限，无法催办",
    seeOverdue: "查看超期办件",
  },
  overdue: {
    column: "超期事项",
    line: "{{item}} · {{department}} · 超期 {{days}} 天",
  },
  dlq: { allClear: "所有死信队列均为空，没有需要重新投递的消息。" },
  application: { empty: "（未填写）" },
};
