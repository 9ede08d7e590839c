/**
 * A link inside the site, under the configured base (`CODEFORGE_SITE_BASE`, `/<repository>/`
 * on GitHub Pages): `href("/runs/abc/")`.
 */
export function href(path: string, base: string = configuredBase()): string {
  return `${base.replace(/\/$/, "")}/${path.replace(/^\//, "")}`;
}

/** Astro's `base`, which Vite puts into `import.meta.env` when it builds the pages. */
function configuredBase(): string {
  return (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? "/";
}
