/** The access matrix's rows for the pull routes (`access.int.test.ts`); the full rules: department-pull.int.test.ts. */
type Who = object | undefined;
type Row = [string, string, unknown, [Who, number][]];

/** A lease id of the right shape that this platform never sealed. */
const NO_LEASE = "l1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** Only departments lease; a lease id nobody was given is unknown to every department. */
export function departmentPullRows(who: Record<string, Who>): Row[] {
  const { applicant, health, operator, deathRegistry } = who;
  const others: [Who, number][] = [
    [undefined, 401],
    [applicant, 403],
    [operator, 403],
    [deathRegistry, 403],
  ];
  return [
    ["POST", "/v1/department/tasks:lease", { count: 1, leaseSeconds: 30 }, [...others, [health, 200]]],
    [
      "POST",
      "/v1/department/tasks:extend",
      { leaseId: NO_LEASE, leaseSeconds: 60 },
      [...others, [health, 404]],
    ],
    ["POST", "/v1/department/tasks:release", { leaseId: NO_LEASE }, [...others, [health, 404]]],
    ["POST", "/v1/department/tasks:ack", { leaseId: NO_LEASE }, [...others, [health, 404]]],
  ];
}
