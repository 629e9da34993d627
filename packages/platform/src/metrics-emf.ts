import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { CASE_METRICS, type CaseMetrics } from "./metrics.ts";

/**
 * Custom metrics as CloudWatch embedded metric format (Powertools Metrics), written to stdout at once (one
 * `singleMetric` per data point, so each carries its own dimensions and nothing waits for a flush). The namespace
 * comes from `POWERTOOLS_METRICS_NAMESPACE` (the CDK app sets `OneThing/<stage>`).
 * @example const metrics = createCaseMetrics(); metrics.caseFinished("after-death", "completed");
 */
export function createCaseMetrics(options: { readonly namespace?: string } = {}): CaseMetrics {
  const metrics = new Metrics({
    serviceName: CASE_METRICS.service,
    ...(options.namespace ? { namespace: options.namespace } : {}),
  });
  const emit = (name: string, dimensions: Record<string, string>, value: number) => {
    const single = metrics.singleMetric();
    single.addDimensions(dimensions);
    single.addMetric(name, MetricUnit.Count, value);
  };
  return {
    caseFinished: (bundle, outcome) => emit(CASE_METRICS.casesFinished, { bundle, outcome }, 1),
    itemsOverdue: (department, count) => emit(CASE_METRICS.itemsOverdue, { department }, count),
  };
}
