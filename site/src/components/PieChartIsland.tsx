import { Cell, Legend, Pie, PieChart, Tooltip } from "recharts";
import { useMounted } from "./use-mounted";

/** Props of {@link PieChartIsland}: plain data, serialised into the page. */
export interface PieChartIslandProps {
  title: string;
  data: { name: string; value: number }[];
  colors: string[];
  height?: number;
}

/** A share of a whole (tasks per model), each slice labelled with its percentage. */
export default function PieChartIsland(props: PieChartIslandProps) {
  const mounted = useMounted();
  const height = props.height ?? 300;
  if (!mounted) return <div className="chart-placeholder" style={{ height }} aria-hidden="true" />;
  const total = props.data.reduce((sum, slice) => sum + slice.value, 0);
  const share = (value: number) =>
    total === 0 ? "0.0%" : `${((value / total) * 100).toFixed(1)}%`;
  return (
    <PieChart responsive style={{ width: "100%", height }} title={props.title}>
      <Pie
        data={props.data}
        dataKey="value"
        nameKey="name"
        outerRadius="70%"
        isAnimationActive={false}
        label={({ value }) => share(Number(value))}
      >
        {props.data.map((slice, index) => (
          <Cell key={slice.name} fill={props.colors[index % props.colors.length]} />
        ))}
      </Pie>
      <Tooltip formatter={(value) => `${value} (${share(Number(value))})`} />
      <Legend />
    </PieChart>
  );
}
