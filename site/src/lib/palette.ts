/**
 * Colours of the charts: the Okabe–Ito palette, told apart with any colour vision, each
 * dark enough for 3:1 contrast against the white page.
 */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9"] as const;

/** Baseline (first attempt) and after repair, the same on every chart. */
export const SERIES_COLORS = { passAt1: "#0072B2", passAt1Repair: "#D55E00" } as const;
