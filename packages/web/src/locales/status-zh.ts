/** 任务状态、转交与督办（docs/task-status.md）：部门在结果前的报告、机构间转交、超期督办至上级。 */
export const statusZh = {
  /** The timeline's names of the entries (spread into `timeline.kind`). */
  kinds: {
    item_accepted: "部门已受理",
    item_in_progress: "部门报告正在办理",
    item_transferred: "转交其他机构",
    item_escalated: "再次督办",
  },
  accepted: "部门已受理",
  inProgress: "部门报告正在办理",
  expectedBy: "预计 {{date}} 前办结",
  transferred: "已由{{from}}转交{{to}}办理",
  transfer: "由{{from}}转至{{to}}",
  escalatedTo: "已督办至{{department}}（{{office}}）",
  escalatedAgain: "已再次督办至{{department}}（{{office}}）",
  escalation: "督办：{{department}}（{{office}}）",
  join: "；",
};
