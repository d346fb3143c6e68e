import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { renderDashboardHtml } from './dashboard-html.ts';
import type { DashboardModel } from './dashboard-model.ts';
import { grafanaDashboard } from './grafana-dashboard.ts';

/** Write `<name>.html` and `<name>.grafana.json` into `dir`; returns both paths. */
export async function writeDashboard(
  dir: string,
  name: string,
  model: DashboardModel,
): Promise<{ html: string; grafana: string }> {
  const html = join(dir, `${name}.html`);
  const grafana = join(dir, `${name}.grafana.json`);
  await writeFileAtomic(html, renderDashboardHtml(model));
  await writeFileAtomic(
    grafana,
    `${JSON.stringify(grafanaDashboard(model, { uid: `gauntlet-${name}`.slice(0, 40) }), null, 2)}\n`,
  );
  return { html, grafana };
}
