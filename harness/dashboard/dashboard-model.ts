/**
 * What a dashboard shows, independent of how it is drawn: panels of time series with thresholds,
 * change points and the runs behind each point. The HTML page and the Grafana JSON are both made
 * from it; the history store and a metrics store each build one.
 */
export interface DashboardPoint {
  /** Milliseconds since the epoch (or since the simulation's start). */
  t: number;
  value: number;
  /** Drill-down: which run (or record) this point came from. */
  run?: string;
}

export interface DashboardPanel {
  id: string;
  title: string;
  /** The SQL Grafana's SQLite data source runs for this panel (columns `time` in Unix seconds and `value`). */
  sql: string;
  unit?: string;
  points: DashboardPoint[];
  thresholds: Array<{ value: number; label: string }>;
  /** Where the level shifted (PELT), with the level after. */
  changePoints: Array<{ t: number; label: string }>;
}

export interface DashboardRun {
  id: string;
  t: number;
  date: string;
  commit?: string;
  branch?: string;
  machine?: string;
  verdict?: string;
}

export interface DashboardEvent {
  t: number;
  label: string;
  severity: 'info' | 'warning' | 'critical';
}

export interface DashboardModel {
  title: string;
  subtitle: string;
  generatedAt: string;
  panels: DashboardPanel[];
  runs: DashboardRun[];
  /** A timeline under the panels (fired alerts). */
  events: DashboardEvent[];
  /** Grafana annotation queries (change points, fired alerts): columns `time` (Unix seconds) and `text`. */
  annotations: Array<{ name: string; sql: string; color: string }>;
  /** Time axis: dates, or hours since start for a simulation. */
  timeAxis: 'date' | 'elapsed';
}
