import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readText, readYaml } from './deploy-support.js';

interface Panel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readText('deploy/grafana/dashboards/vtiger-sage-bridge.json')) as {
  uid: string;
  panels: Panel[];
};
const panels = dashboard.panels.filter((p) => p.type !== 'row');
const datasources = readYaml('deploy/grafana/provisioning/datasources/prometheus.yml') as {
  datasources: { uid: string; url: string }[];
};
const providers = readYaml('deploy/grafana/provisioning/dashboards/vtiger-sage-bridge.yml') as {
  providers: { options: { path: string } }[];
};
const compose = readText('docker-compose.yml');

describe('Grafana provisioning', () => {
  test('the dashboard charts every signal DESIGN section 6 lists', () => {
    const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    const signals: [string, RegExp][] = [
      ['webhook rate', /rate\(vsb_webhooks_total/],
      ['webhook errors', /vsb_webhooks_total\{outcome!="accepted"/],
      ['propagation p50', /histogram_quantile\(0\.5, .*vsb_propagation_latency_seconds_bucket/],
      ['propagation p95', /histogram_quantile\(0\.95, .*vsb_propagation_latency_seconds_bucket/],
      ['sync outcomes by module', /sum by \(module, outcome\) \(rate\(vsb_sync_outcomes_total/],
      ['upstream calls by status', /sum by \(upstream, status\) \(rate\(vsb_upstream_requests_total/],
      ['upstream errors', /vsb_upstream_requests_total\{status!~"2\.\."/],
      ['breaker state', /vsb_breaker_state/],
      ['consumer lag', /vsb_consumer_lag/],
      ['poll duration', /vsb_poll_duration_seconds_bucket/],
      ['sweep duration', /vsb_sweep_duration_seconds_bucket/],
      ['memory', /vsb_process_resident_memory_bytes/],
    ];
    for (const [what, pattern] of signals) assert.match(exprs, pattern, `no panel shows ${what}`);
  });

  test('every panel queries the provisioned Prometheus datasource, with vsb_ metrics only', () => {
    const uid = datasources.datasources[0]?.uid;
    assert.ok(uid);
    for (const panel of panels) {
      assert.equal(panel.datasource?.uid, uid, `${panel.title} uses datasource ${uid}`);
      assert.ok(panel.targets?.length, `${panel.title} has a query`);
      for (const { expr } of panel.targets ?? []) {
        const metrics = expr.match(/\b[a-z_][a-z0-9_]*(?=\s*[{[])/g) ?? [];
        for (const metric of metrics) assert.match(metric, /^vsb_/, `${panel.title} reads ${metric}`);
      }
    }
  });

  test('compose mounts the dashboards where the provider looks and the datasource reaches Prometheus', () => {
    const path = providers.providers[0]?.options.path;
    assert.ok(path);
    assert.ok(
      compose.includes(`./deploy/grafana/dashboards:${path}`),
      `compose mounts dashboards at ${path}`,
    );
    assert.ok(compose.includes('./deploy/grafana/provisioning:/etc/grafana/provisioning'));
    assert.equal(datasources.datasources[0]?.url, 'http://prometheus:9090');
  });
});
