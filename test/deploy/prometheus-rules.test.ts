import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { goTool, readText, readYaml, run } from './deploy-support.js';

interface Rule {
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleTest {
  alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
}

const rules = readYaml('deploy/prometheus/alerts.yml') as { groups: { name: string; rules: Rule[] }[] };
const alerts = rules.groups.flatMap((g) => g.rules).filter((r): r is Rule & { alert: string } => !!r.alert);
const unitTests = readYaml('deploy/prometheus/alerts.test.yml') as { tests: RuleTest[] };
const promtool = goTool('promtool');

describe('Prometheus alert rules', () => {
  test('alert on every signal DESIGN section 6 asks for', () => {
    const required: [string, RegExp][] = [
      ['a service is down', /\bup\{job=~"vsb-\.\+"\} == 0/],
      ['webhooks are refused', /vsb_webhooks_total\{outcome!="accepted"\}/],
      ['Kafka publishes fail', /vsb_kafka_publish_failures_total/],
      ['consumers lag', /vsb_consumer_lag\b/],
      ['a breaker is open', /vsb_breaker_state\b.*== 1/s],
      ['records fail to sync', /vsb_sync_outcomes_total\{outcome="failed"\}/],
      [
        'propagation p95 is above 1 s',
        /histogram_quantile\(0\.95,.*vsb_propagation_latency_seconds_bucket.*> 1\b/s,
      ],
      ['Sage must be reauthorized', /vsb_sage_connection_reauthorization_required\b/],
      ['token refreshes fail', /vsb_token_refresh_failures_total\b/],
    ];
    for (const [what, pattern] of required) {
      assert.ok(
        alerts.some((a) => pattern.test(a.expr)),
        `no alert fires when ${what} (${pattern})`,
      );
    }
  });

  test('every alert has a severity, a summary and a description, and reads only vsb_ metrics or up', () => {
    for (const alert of alerts) {
      assert.match(alert.labels?.severity ?? '', /^(warning|critical)$/, `${alert.alert} severity`);
      assert.ok(alert.annotations?.summary, `${alert.alert} has a summary`);
      assert.ok(alert.annotations?.description, `${alert.alert} has a description`);
      const metrics = alert.expr.match(/\b[a-z_][a-z0-9_]*(?=\s*[{[])/g) ?? [];
      for (const metric of metrics.filter((m) => !['by', 'without', 'on', 'ignoring'].includes(m))) {
        assert.ok(metric === 'up' || metric.startsWith('vsb_'), `${alert.alert} reads ${metric}`);
      }
    }
  });

  test('every alert has a unit test that expects it to fire', () => {
    const firing = new Set(
      unitTests.tests.flatMap((t) =>
        (t.alert_rule_test ?? []).filter((c) => c.exp_alerts.length > 0).map((c) => c.alertname),
      ),
    );
    const untested = alerts.map((a) => a.alert).filter((name) => !firing.has(name));
    assert.deepEqual(untested, [], 'alerts without a firing test case in alerts.test.yml');
  });

  test("the Helm chart's PrometheusRule ships the same rules byte for byte", () => {
    assert.equal(
      readText('charts/vtiger-sage-bridge/files/alerts.yml'),
      readText('deploy/prometheus/alerts.yml'),
      'copy deploy/prometheus/alerts.yml to charts/vtiger-sage-bridge/files/alerts.yml',
    );
  });

  test('promtool check rules accepts alerts.yml', { skip: promtool.skip }, () => {
    const result = run(promtool.path!, ['check', 'rules', 'deploy/prometheus/alerts.yml']);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /SUCCESS: \d+ rules found/);
  });

  test('promtool test rules passes every case in alerts.test.yml', { skip: promtool.skip }, () => {
    const result = run(promtool.path!, ['test', 'rules', 'deploy/prometheus/alerts.test.yml']);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /SUCCESS/);
  });

  test('promtool check config accepts the compose Prometheus configuration', { skip: promtool.skip }, () => {
    const result = run(promtool.path!, ['check', 'config', 'deploy/prometheus/prometheus.yml']);
    assert.equal(result.status, 0, result.output);
  });
});
