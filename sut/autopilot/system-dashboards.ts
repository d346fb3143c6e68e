import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { renderDashboardHtml } from '../../harness/dashboard/dashboard-html.ts';
import { grafanaDashboard } from '../../harness/dashboard/grafana-dashboard.ts';
import { metricsDashboard, REFERENCE_VIEWS } from '../../harness/dashboard/metrics-dashboards.ts';
import { MetricsFile } from '../../harness/observability/metrics-file.ts';

/**
 * The reference system's business dashboards of one simulated scenario: its metrics store copied to
 * `dir/metrics.sqlite` (what the Grafana JSON queries and `gauntlet alerts status --store` reads),
 * then each view as `<view>.html` and `<view>.grafana.json`. Synchronous: it runs in close().
 */
export function writeSystemDashboards(db: Database.Database, dir: string, subtitle: string): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'metrics.sqlite');
  writeFileSync(file, db.serialize());
  const metrics = new MetricsFile(file);
  try {
    for (const view of REFERENCE_VIEWS) {
      const model = metricsDashboard(metrics, view, { subtitle: `reference system, ${subtitle}` });
      writeFileSync(join(dir, `${view.name}.html`), renderDashboardHtml(model));
      writeFileSync(
        join(dir, `${view.name}.grafana.json`),
        `${JSON.stringify(grafanaDashboard(model, { uid: `gauntlet-${view.name}` }), null, 2)}\n`,
      );
    }
  } finally {
    metrics.close();
  }
}
