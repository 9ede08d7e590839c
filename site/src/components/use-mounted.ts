import { useEffect, useState } from "react";

/**
 * False on the server and in the first browser render, true after: recharts draws no SVG
 * on the server, so a chart renders a same-sized placeholder until it is mounted and the
 * hydrated markup matches the server's.
 */
export function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}
