/**
 * The same panels as a Grafana dashboard for import (Dashboards > New > Import), querying the
 * SQLite file through the SQLite data source plugin (frser-sqlite-datasource), picked at import
 * through the `DS_GAUNTLET` input. Checked against grafana-dashboard.schema.json, translated from
 * Grafana's dashboard kind (kinds/dashboard/dashboard_kind.cue).
 */
import type { DashboardModel } from './dashboard-model.ts';

export const GRAFANA_SQLITE_PLUGIN = 'frser-sqlite-datasource';
const DS = { type: GRAFANA_SQLITE_PLUGIN, uid: '${DS_GAUNTLET}' };

/** A Grafana dashboard JSON object (the classic JSON model, schemaVersion 39). */
export function grafanaDashboard(model: DashboardModel, options: { uid?: string } = {}): Record<string, unknown> {
  const panels = model.panels.map((p, i) => ({
    id: i + 1,
    type: 'timeseries',
    title: p.title,
    datasource: DS,
    gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
    targets: [
      {
        refId: 'A',
        datasource: DS,
        queryType: 'time series',
        queryText: p.sql,
        rawQueryText: p.sql,
        timeColumns: ['time'],
      },
    ],
    transparent: false,
    repeatDirection: 'h',
    transformations: [],
    options: {
      legend: { showLegend: false, displayMode: 'list', placement: 'bottom' },
      tooltip: { mode: 'single', sort: 'none' },
    },
    fieldConfig: {
      defaults: {
        ...(p.unit ? { unit: p.unit } : {}),
        custom: {
          drawStyle: 'line',
          showPoints: 'always',
          pointSize: 4,
          thresholdsStyle: { mode: p.thresholds.length ? 'line' : 'off' },
        },
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            ...[...p.thresholds].sort((a, b) => a.value - b.value).map((t) => ({ color: 'red', value: t.value })),
          ],
        },
        color: { mode: 'palette-classic' },
      },
      overrides: [],
    },
  }));
  let first = Infinity;
  for (const p of model.panels) for (const x of p.points) first = Math.min(first, x.t);
  const from = Number.isFinite(first) ? new Date(first).toISOString() : 'now-90d';
  return {
    __inputs: [
      {
        name: 'DS_GAUNTLET',
        label: 'gauntlet SQLite',
        description: 'the SQLite file the dashboard was made from',
        type: 'datasource',
        pluginId: GRAFANA_SQLITE_PLUGIN,
        pluginName: 'SQLite',
      },
    ],
    ...(options.uid ? { uid: options.uid } : {}),
    title: model.title,
    description: model.subtitle,
    tags: ['gauntlet'],
    style: 'dark',
    timezone: 'utc',
    editable: true,
    graphTooltip: 1,
    time: model.timeAxis === 'date' ? { from, to: 'now' } : { from: 'now-30d', to: 'now' },
    timepicker: {
      hidden: false,
      refresh_intervals: ['1m', '5m', '1h'],
      collapse: false,
      enable: true,
      time_options: ['7d', '30d', '90d'],
    },
    fiscalYearStartMonth: 0,
    schemaVersion: 39,
    version: 1,
    panels,
    templating: { list: [] },
    annotations: {
      list: [
        {
          name: 'Annotations & Alerts',
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          type: 'dashboard',
        },
        ...model.annotations.map((a) => ({
          name: a.name,
          datasource: DS,
          enable: true,
          hide: false,
          iconColor: a.color,
          queryText: a.sql,
          rawQueryText: a.sql,
          timeColumns: ['time'],
        })),
      ],
    },
    links: [],
  };
}
