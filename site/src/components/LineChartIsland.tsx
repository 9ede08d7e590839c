import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { BarSeries } from "./BarChartIsland";
import { type ChartUnit, formatChartValue } from "./chart-format";
import { useMounted } from "./use-mounted";

/** Props of {@link LineChartIsland}: plain data, serialised into the page. */
export interface LineChartIslandProps {
  title: string;
  data: Record<string, string | number | null>[];
  categoryKey: string;
  series: BarSeries[];
  unit: ChartUnit;
  height?: number;
}

/** A line per series over the categories (runs or days), points labelled when few. */
export default function LineChartIsland(props: LineChartIslandProps) {
  const mounted = useMounted();
  const height = props.height ?? 300;
  if (!mounted) return <div className="chart-placeholder" style={{ height }} aria-hidden="true" />;
  const format = (value: unknown) => formatChartValue(value, props.unit);
  return (
    <LineChart
      responsive
      style={{ width: "100%", height }}
      data={props.data}
      title={props.title}
      margin={{ top: 16, right: 16, bottom: 8, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey={props.categoryKey} tick={{ fontSize: 12 }} />
      <YAxis
        tickFormatter={format}
        width={64}
        domain={props.unit === "percent" ? [0, 100] : [0, "auto"]}
      />
      <Tooltip formatter={(value) => format(value)} />
      <Legend />
      {props.series.map((series) => (
        <Line
          key={series.key}
          type="monotone"
          dataKey={series.key}
          name={series.label}
          stroke={series.color}
          strokeWidth={2}
          {...(series.dashed ? { strokeDasharray: "6 4" } : {})}
          connectNulls
          isAnimationActive={false}
          label={
            props.data.length <= 12 ? { formatter: format, position: "top", fontSize: 11 } : false
          }
        />
      ))}
    </LineChart>
  );
}
