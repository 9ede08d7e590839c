import { constants } from "node:fs";
import { access, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Snapshot } from "@codeforge/core/snapshot";
import { requireService } from "@codeforge/core/testing";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestRunPerBenchmark, percent } from "../src/lib/benchmark-views.js";
import { formatUsd } from "../src/lib/format.js";
import { loadSnapshot, snapshotFile } from "../src/lib/load-snapshot.js";
import { type PreviewServer, runCommand, startPreview } from "./preview-server.js";

/**
 * Debian's Chromium, or the browser `CODEFORGE_CHROMIUM` names (GitHub's Ubuntu runners ship
 * Chrome; Ubuntu's `chromium` package is only a snap launcher). The suite never downloads one.
 */
const CHROMIUM = process.env.CODEFORGE_CHROMIUM || "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));

const browserAvailable = await requireService(`Chromium at ${CHROMIUM}`, () =>
  access(CHROMIUM, constants.X_OK),
);

interface Visit {
  page: Page;
  errors: string[];
  /** Bytes over the wire until the load event. */
  initialBytes: () => number;
  /** Bytes over the wire so far (after scrolling, the charts' code too). */
  totalBytes: () => number;
}

describe.skipIf(!browserAvailable.available)(
  `the status site in a browser ${browserAvailable.reason}`,
  () => {
    let snapshot: Snapshot;
    let server: PreviewServer;
    let browser: Browser;
    let context: BrowserContext;
    const sizes: Record<string, { initialBytes: number; totalBytes: number }> = {};

    beforeAll(async () => {
      snapshot = loadSnapshot(snapshotFile(process.env));
      // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      await runCommand("npm", ["run", "site:build"], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: "production" },
      });
      server = await startPreview(ROOT);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      });
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await mkdir(ARTIFACTS, { recursive: true });
    });
    afterAll(async () => {
      await writeFile(
        path.join(ARTIFACTS, "page-sizes.json"),
        `${JSON.stringify(sizes, null, 2)}\n`,
      ).catch(() => undefined);
      await context?.close();
      await browser?.close();
      await server?.stop();
    });

    const visit = async (
      route: string,
      options: { scroll?: boolean; viewportHeight?: number } = {},
    ): Promise<Visit> => {
      const page = await context.newPage();
      if (options.viewportHeight)
        await page.setViewportSize({ width: 1280, height: options.viewportHeight });
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`${route}: ${message.text()}`);
      });
      page.on("pageerror", (error) => errors.push(`${route}: ${error.message}`));
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      // Every visit measures what a first-time visitor transfers.
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      let bytes = 0;
      cdp.on("Network.loadingFinished", (event) => {
        bytes += event.encodedDataLength;
      });
      const response = await page.goto(`${server.url}${route}`, { waitUntil: "load" });
      expect(response?.status(), route).toBe(200);
      await page.waitForLoadState("networkidle");
      const initialBytes = bytes;
      if (options.scroll) {
        // client:visible hydrates a chart when it scrolls into view.
        for (const figure of await page.locator("figure.chart").all()) {
          await figure.scrollIntoViewIfNeeded();
          await figure.locator("svg.recharts-surface").first().waitFor({ timeout: 15_000 });
        }
        await page.waitForLoadState("networkidle");
      }
      sizes[options.viewportHeight ? `${route} (${options.viewportHeight}px high)` : route] ??= {
        initialBytes,
        totalBytes: bytes,
      };
      return { page, errors, initialBytes: () => initialBytes, totalBytes: () => bytes };
    };

    /** The chart's drawing (legend icons are small SVGs of the same class, without groups). */
    const chartSurface = (page: Page, chart: string) =>
      page.locator(`figure[data-chart="${chart}"] svg.recharts-surface:has(g)`);

    const visibleRows = (page: Page, table: string) =>
      page.locator(`${table} tbody tr:not([hidden])`);

    it("loads every page with no console error", async () => {
      const routes = [
        "/",
        "/benchmarks/",
        "/costs/",
        "/tasks/",
        ...snapshot.benchmarkRuns.map((run) => `/runs/${run.id}/`),
        ...snapshot.tasks.map((task) => `/tasks/${task.id}/`),
      ];
      const errors: string[] = [];
      for (const route of routes) {
        const charts = ["/", "/benchmarks/", "/costs/"].includes(route);
        const { page, errors: pageErrors } = await visit(route, { scroll: charts });
        errors.push(...pageErrors);
        await page.close();
      }
      expect(errors).toEqual([]);
      expect(routes.every((route) => route in sizes)).toBe(true);
    }, 600_000);

    it("draws the overview's chart as SVG with the latest runs' pass rates", async () => {
      const latest = latestRunPerBenchmark(snapshot);
      expect(latest.length).toBeGreaterThan(0);
      // A short window: the chart starts below it, so its code must wait for the scroll.
      const { page, initialBytes, totalBytes } = await visit("/", {
        scroll: true,
        viewportHeight: 400,
      });

      const chart = chartSurface(page, "overview-pass-rates");
      const text = (await chart.first().textContent()) ?? "";
      for (const run of latest) {
        expect(text).toContain(run.type);
        expect(text).toContain(`${percent(run.passAt1).toFixed(1)}%`);
        expect(text).toContain(`${percent(run.passAt1Repair).toFixed(1)}%`);
      }
      expect(await chart.first().locator(".recharts-bar-rectangle").count()).toBe(
        latest.length * 2,
      );
      // The charts' code (React and recharts) arrives only once a chart is scrolled into view.
      expect(initialBytes()).toBeLessThan(20_000);
      expect(totalBytes() - initialBytes()).toBeGreaterThan(50_000);
      await page.screenshot({ path: path.join(ARTIFACTS, "overview.png"), fullPage: true });
      await page.close();
    });

    it("draws the costs page's savings chart with the snapshot's dollars", async () => {
      const { page } = await visit("/costs/", { scroll: true });
      const text = (await chartSurface(page, "savings").first().textContent()) ?? "";
      for (const row of snapshot.savings.byModel) {
        expect(text).toContain(formatUsd(row.baselineCostUsd));
      }
      await page.close();
    });

    it("filters, sorts and pages the task list in the browser", async () => {
      const tasks = snapshot.tasks;
      expect(tasks.length).toBeGreaterThan(10);
      const { page } = await visit("/tasks/");
      const rows = visibleRows(page, "[data-tasks]");
      const status = page.locator("[data-page-status]");

      await page.selectOption('select[name="perPage"]', "10");
      expect(await rows.count()).toBe(10);
      const pages = Math.ceil(tasks.length / 10);
      await expect.poll(() => status.textContent()).toContain(`page 1 of ${pages}`);
      const firstOnPageOne = await rows.first().textContent();
      await page.click("[data-next]");
      await expect.poll(() => status.textContent()).toContain(`page 2 of ${pages}`);
      expect(await rows.first().textContent()).not.toBe(firstOnPageOne);
      expect(await rows.count()).toBe(Math.min(10, tasks.length - 10));

      const failed = tasks.filter((task) => task.status === "failed").length;
      expect(failed).toBeGreaterThan(0);
      await page.selectOption('select[name="status"]', "failed");
      await expect.poll(() => status.textContent()).toContain(`page 1 of`);
      expect(await status.textContent()).toContain(`${failed} matching`);
      expect(await rows.count()).toBe(Math.min(10, failed));
      for (const cell of await rows.locator("td:nth-child(2)").allTextContents()) {
        expect(cell).toBe("failed");
      }

      await page.selectOption('select[name="status"]', "");
      const target = tasks[tasks.length - 1] as Snapshot["tasks"][number];
      await page.fill('input[name="text"]', target.id);
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().locator("a").getAttribute("href")).toContain(target.id);

      await page.fill('input[name="text"]', "");
      await page.selectOption('select[name="sort"]', "cost");
      const mostExpensive = Math.max(...tasks.map((task) => task.totalCostUsd));
      expect(await rows.first().locator("td:nth-child(6)").textContent()).toBe(
        formatUsd(mostExpensive),
      );
      await page.close();
    });

    it("shows a repaired task's plan and repair history", async () => {
      const task = snapshot.tasks.find((found) => found.repairs.some((repair) => repair.rootCause));
      if (!task) throw new Error("the snapshot has no task with a diagnosed repair");
      const { page } = await visit(`/tasks/${task.id}/`);

      const history = await page.locator("table", { hasText: "Reviewer diagnoses" }).textContent();
      for (const repair of task.repairs) {
        expect(history).toContain(repair.rootCause ?? "–");
        expect(history).toContain(repair.errorType ?? "–");
      }
      expect(await page.locator("h2", { hasText: "Plan" }).count()).toBe(1);
      await page.close();
    });

    it("lists every problem on a run page and filters them", async () => {
      const run = [...snapshot.benchmarkRuns].sort(
        (left, right) => right.results.length - left.results.length,
      )[0];
      if (!run) throw new Error("the snapshot has no benchmark run");
      const { page } = await visit(`/runs/${run.id}/`);
      const rows = visibleRows(page, "[data-problems]");

      expect(await rows.count()).toBe(run.results.length);
      const ids = await rows.locator("td:first-child").allTextContents();
      expect(ids).toEqual(run.results.map((result) => result.problemId));
      await page.screenshot({ path: path.join(ARTIFACTS, "run.png"), fullPage: true });

      const failed = run.results.filter((result) => !result.passedAfterRepair).length;
      await page.selectOption('select[name="outcome"]', "failed");
      await expect.poll(() => rows.count()).toBe(failed);
      await page.close();
    });
  },
);
