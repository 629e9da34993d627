// The task-token keyring's rotation in the synthesised template: the schedule, the function, its grants.
import { TASK_KEY_ROTATION_DAYS, TASK_KEY_ROTATION_FUNCTION } from "@onething/topology";
import { describe, expect, it } from "vitest";
import { type Resource, ref, synthesiseStages } from "./support.ts";

const { dev, template, prodTemplate, resources, idOf } = synthesiseStages();

describe("task-token secret: rotation", () => {
  it.each([
    ["dev", () => template],
    ["prod", () => prodTemplate],
  ] as const)("%s: rotates the secret every 30 days with the rotation function", (_stage, of) => {
    const schedules = resources("AWS::SecretsManager::RotationSchedule", of());
    expect(schedules).toHaveLength(1);
    const [[, schedule]] = schedules as [[string, Resource]];
    expect(TASK_KEY_ROTATION_DAYS).toBe(30);
    expect(schedule.Properties).toMatchObject({
      RotationRules: { ScheduleExpression: `rate(${TASK_KEY_ROTATION_DAYS} days)` },
    });
    expect(JSON.stringify(schedule.Properties.RotationLambdaARN)).toContain(
      TASK_KEY_ROTATION_FUNCTION.logicalId,
    );
  });

  it("gives the rotation function the rotation verbs on this secret only, and lets Secrets Manager invoke it", () => {
    const secretId = idOf(dev.stack.taskTokenSecret);
    const roleId = idOf(dev.stack.taskKeyRotation.role);
    const statements = resources("AWS::IAM::Policy")
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap(
        ([, p]) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      );
    const onSecret = statements.find((s) =>
      JSON.stringify(s.Action).includes("secretsmanager:PutSecretValue"),
    );
    expect(onSecret?.Action).toEqual(
      expect.arrayContaining([
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage",
      ]),
    );
    expect(onSecret?.Resource).toEqual(ref(secretId));
    const permissions = resources("AWS::Lambda::Permission").filter(
      ([, p]) => p.Properties.Principal === "secretsmanager.amazonaws.com",
    );
    expect(permissions).toHaveLength(1);
    // The function reads no variable of the platform: the secret comes in each rotation step's event.
    const fnId = idOf(dev.stack.taskKeyRotation.function);
    const variables = (template.toJSON().Resources[fnId].Properties as { Environment: { Variables: object } })
      .Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(
      ["NODE_OPTIONS", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_SERVICE_NAME"].sort(),
    );
  });

  it("alarms on the operators' topic when a rotation step fails", () => {
    const fnId = idOf(dev.stack.taskKeyRotation.function);
    const [alarm] = resources("AWS::CloudWatch::Alarm").filter(
      ([, a]) =>
        a.Properties.MetricName === "Errors" && JSON.stringify(a.Properties.Dimensions).includes(fnId),
    );
    expect(alarm?.[1].Properties).toMatchObject({ Threshold: 1, Period: 3600, Statistic: "Sum" });
    expect(JSON.stringify(alarm?.[1].Properties.AlarmActions)).toContain(idOf(dev.stack.monitoring.topic));
  });

  it("no longer suppresses the secret-rotation finding (AwsSolutions-SMG4)", () => {
    const suppressed = JSON.stringify(
      template.toJSON().Resources[idOf(dev.stack.taskTokenSecret)].Metadata ?? {},
    );
    expect(suppressed).not.toContain("SMG4");
  });
});
