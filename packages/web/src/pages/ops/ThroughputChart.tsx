import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Section } from "../../components/Section.tsx";
import { clock } from "../../format.ts";
import type { OpsSummary } from "../../types.ts";

const SERIES = [
  { key: "submitted", color: "#2563eb" },
  { key: "completed", color: "#16a34a" },
  { key: "completedWithExceptions", color: "#ca8a04" },
  { key: "rejected", color: "#dc2626" },
  { key: "withdrawn", color: "#6b7280" },
] as const;

/** Transitions per minute over the last hour of the platform clock (stacked bars, Beijing time). */
export function ThroughputChart({ buckets }: { buckets: OpsSummary["throughput"] }) {
  const { t } = useTranslation();
  const data = buckets.map((b) => ({ ...b, minute: clock(b.start) }));
  return (
    <Section id="throughput" title={t("ops.throughput")} className="panel wide">
      <figure className="chart" aria-label={t("ops.throughput")}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="minute" interval={9} tick={{ fontSize: "0.8em" }} />
            <YAxis allowDecimals={false} tick={{ fontSize: "0.8em" }} />
            <Tooltip />
            <Legend />
            {SERIES.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={t(`chart.${s.key}`)}
                stackId={s.key === "submitted" ? "in" : "out"}
                fill={s.color}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </Section>
  );
}
