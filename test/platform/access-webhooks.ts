/** The access matrix's rows for push (issue 17, `access.int.test.ts`); the full behaviour: webhooks.int.test.ts. */
type Who = object | undefined;
type Row = [string, string, unknown, [Who, number][]];

/** An office's own webhook (a refused URL, so nothing is registered), and the operators' look into a DLQ. */
export function webhookRows(who: Record<string, Who>): Row[] {
  const { applicant, otherClerk, health, operator, deathRegistry } = who;
  return [
    [
      "PUT",
      "/v1/department/webhook",
      { url: "http://example.org/x" },
      [
        [undefined, 401],
        [applicant, 403],
        [operator, 403],
        [health, 400],
      ],
    ],
    [
      "GET",
      "/v1/department/webhook",
      undefined,
      [
        [undefined, 401],
        [otherClerk, 403],
        [operator, 403],
        [health, 404],
      ],
    ],
    [
      "DELETE",
      "/v1/department/webhook",
      undefined,
      [
        [undefined, 401],
        [applicant, 403],
        [health, 404],
      ],
    ],
    [
      "GET",
      "/v1/ops/dead-letters/orchestrator/messages",
      undefined,
      [
        [undefined, 401],
        [applicant, 403],
        [health, 403],
        [deathRegistry, 403],
        [operator, 200],
      ],
    ],
  ];
}
