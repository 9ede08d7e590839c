import { Bar, BarChart, CartesianGrid, LabelList, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { type ChartUnit, formatChartValue } from "./chart-format";
import { useMounted } from "./use-mounted";

/** One series of bars. */
export interface BarSeries {
  key: string;
  label: string;
  color: string;
  /** Drawn dashed (line charts): the first-attempt line beside its after-repair line. */
  dashed?: boolean;
}

/** Props of {@link BarChartIsland}: plain data, serialised into the page. */
export interface BarChartIslandProps {
  /** Names the chart for assistive technology; the table under it holds the same numbers. */
  title: string;
  data: Record<string, string | number>[];
  categoryKey: string;
  series: BarSeries[];
  unit: ChartUnit;
  height?: number;
}

/** A grouped bar chart with every bar labelled with its value. */
export default function BarChartIsland(props: BarChartIslandProps) {
  const mounted = useMounted();
  const height = props.height ?? 320;
  if (!mounted) return <div className="chart-placeholder" style={{ height }} aria-hidden="true" />;
  const format = (value: unknown) => formatChartValue(value, props.unit);
  return (
    <BarChart
      responsive
      style={{ width: "100%", height }}
      data={props.data}
      title={props.title}
      margin={{ top: 24, right: 16, bottom: 8, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey={props.categoryKey} tick={{ fontSize: 12 }} interval={0} />
      <YAxis
        tickFormatter={format}
        width={64}
        domain={props.unit === "percent" ? [0, 100] : [0, "auto"]}
      />
      <Tooltip formatter={(value) => format(value)} />
      <Legend />
      {props.series.map((series) => (
        <Bar
          key={series.key}
          dataKey={series.key}
          name={series.label}
          fill={series.color}
          isAnimationActive={false}
        >
          <LabelList dataKey={series.key} position="top" formatter={format} fontSize={12} />
        </Bar>
      ))}
    </BarChart>
  );
}
