import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bridgeServices,
  configSchemas,
  goTool,
  knownVariables,
  parseYamlDocuments,
  readYaml,
  requiredVariables,
  run,
} from './deploy-support.js';

const chart = 'charts/vtiger-sage-bridge';
const helm = goTool('helm');

interface K8sObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  ports?: { name: string; containerPort: number }[];
  securityContext?: Record<string, unknown>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  securityContext?: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
  containers: Container[];
}

/** Everything on, as a dev install with monitoring would set it. */
const allFeatures = [
  '--set=ingress.enabled=true',
  '--set=metrics.serviceMonitor.enabled=true',
  '--set=metrics.prometheusRule.enabled=true',
  '--set=secrets.create=true',
  '--set=secrets.dev.MONGO_URL=mongodb://mongo:27017/vsb',
  '--set=secrets.dev.ENCRYPTION_KEY=ZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=',
  '--set=secrets.dev.SAGE_CLIENT_SECRET=demo-client-secret',
  '--set=secrets.dev.JWT_SECRET=dev-only-jwt-secret-change-me',
];

function render(...args: string[]): K8sObject[] {
  const result = run(helm.path!, ['template', 'bridge', chart, ...args]);
  assert.equal(result.status, 0, result.output);
  return parseYamlDocuments(result.output) as K8sObject[];
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const podSpec = (deployment: K8sObject) => (deployment.spec.template as { spec: PodSpec }).spec;
const componentOf = (o: K8sObject) => o.metadata.labels?.['app.kubernetes.io/component'] ?? '';

describe('Helm chart', { skip: helm.skip }, () => {
  test('helm lint --strict passes with the default values', () => {
    const result = run(helm.path!, ['lint', '--strict', chart]);
    assert.equal(result.status, 0, result.output);
  });

  test('helm lint --strict passes with Ingress, monitoring and the dev Secret enabled', () => {
    const result = run(helm.path!, ['lint', '--strict', chart, ...allFeatures]);
    assert.equal(result.status, 0, result.output);
  });

  test('renders one Deployment, Service and PodDisruptionBudget per service, and an HPA for sync only', () => {
    const objects = render();
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget']) {
      assert.deepEqual(ofKind(objects, kind).map(componentOf).sort(), ['audit', 'ingest', 'sync'], kind);
    }
    assert.deepEqual(ofKind(objects, 'HorizontalPodAutoscaler').map(componentOf), ['sync']);
    const sync = ofKind(objects, 'Deployment').find((d) => componentOf(d) === 'sync')!;
    assert.equal(sync.spec.replicas, undefined, 'the HPA, not the Deployment, owns sync replicas');
    assert.deepEqual(
      ofKind(objects, 'Secret'),
      [],
      'no Secret is created unless secrets.create: secrets come from existingSecret',
    );
  });

  test('every Deployment runs hardened: non-root, read-only root, no capabilities, RuntimeDefault seccomp', () => {
    for (const deployment of ofKind(render(), 'Deployment')) {
      const pod = podSpec(deployment);
      const name = deployment.metadata.name;
      assert.equal(pod.securityContext?.runAsNonRoot, true, `${name} pod runAsNonRoot`);
      assert.deepEqual(pod.securityContext?.seccompProfile, { type: 'RuntimeDefault' }, `${name} seccomp`);
      assert.equal(pod.automountServiceAccountToken, false, `${name} mounts no API token`);
      for (const container of pod.containers) {
        const sc = container.securityContext ?? {};
        assert.equal(sc.runAsNonRoot, true, `${name}/${container.name} runAsNonRoot`);
        assert.equal(sc.runAsUser, 10001, `${name}/${container.name} runs as the image's UID`);
        assert.equal(sc.readOnlyRootFilesystem, true, `${name}/${container.name} readOnlyRootFilesystem`);
        assert.equal(sc.allowPrivilegeEscalation, false, `${name}/${container.name} no privilege escalation`);
        assert.deepEqual(sc.capabilities, { drop: ['ALL'] }, `${name}/${container.name} drops ALL`);
        assert.deepEqual(sc.seccompProfile, { type: 'RuntimeDefault' });
      }
    }
  });

  test('every Deployment probes liveness on /healthz and readiness on /readyz, with resources set', () => {
    for (const deployment of ofKind(render(), 'Deployment')) {
      const [container] = podSpec(deployment).containers;
      assert.ok(container);
      const name = deployment.metadata.name;
      assert.deepEqual(
        container.livenessProbe?.httpGet,
        { path: '/healthz', port: 'http' },
        `${name} liveness`,
      );
      assert.deepEqual(
        container.readinessProbe?.httpGet,
        { path: '/readyz', port: 'http' },
        `${name} readiness`,
      );
      assert.ok(
        container.resources?.requests?.cpu && container.resources.requests.memory,
        `${name} requests`,
      );
      assert.ok(container.resources?.limits?.memory, `${name} memory limit`);
    }
  });

  test('each service runs its own command on its contract port', () => {
    const ports = { ingest: 3001, sync: 3002, audit: 3003 };
    for (const deployment of ofKind(render(), 'Deployment')) {
      const component = componentOf(deployment) as keyof typeof ports;
      const [container] = podSpec(deployment).containers;
      assert.deepEqual(container?.args, [component]);
      assert.equal(container?.ports?.[0]?.containerPort, ports[component]);
      const port = container?.env?.find((e) => e.name === 'PORT')?.value;
      assert.equal(port, String(ports[component]), `${component} PORT`);
    }
  });

  for (const service of bridgeServices) {
    test(`${service}'s Deployment sets every variable its config schema requires and none it does not know`, () => {
      const deployment = ofKind(render(), 'Deployment').find((d) => componentOf(d) === service);
      assert.ok(deployment);
      const names = (podSpec(deployment).containers[0]?.env ?? []).map((e) => e.name);
      const missing = requiredVariables(configSchemas[service]).filter((key) => !names.includes(key));
      assert.deepEqual(missing, [], `${service} lacks required variables`);
      const known = knownVariables(service);
      assert.deepEqual(
        names.filter((n) => !known.has(n)),
        [],
        `${service} is given variables it never reads`,
      );
    });
  }

  test('secrets are read from existingSecret by key, never rendered as plain values', () => {
    const objects = render('--set=secrets.existingSecret=bridge-prod');
    for (const deployment of ofKind(objects, 'Deployment')) {
      for (const variable of podSpec(deployment).containers[0]?.env ?? []) {
        if (!/SECRET|KEY$|MONGO_URL/.test(variable.name) || variable.name === 'SAGE_CLIENT_ID') continue;
        assert.equal(variable.value, undefined, `${variable.name} is not a literal`);
        assert.deepEqual(variable.valueFrom, {
          secretKeyRef: { name: 'bridge-prod', key: variable.name },
        });
      }
    }
  });

  test('without existingSecret or the dev Secret, rendering fails and says what to set', () => {
    const result = run(helm.path!, ['template', 'bridge', chart, '--set=secrets.existingSecret=']);
    assert.notEqual(result.status, 0);
    assert.match(result.output, /secrets\.existingSecret is required/);
  });

  test('values.schema.json rejects a misspelt value', () => {
    const result = run(helm.path!, ['template', 'bridge', chart, '--set=config.kafkaBroker=kafka:9092']);
    assert.notEqual(result.status, 0, 'an unknown key must not be silently ignored');
    assert.match(result.output, /kafkaBroker/);
  });

  test('the Ingress sends webhooks to ingest and everything else to audit', () => {
    const [ingress] = ofKind(render(...allFeatures), 'Ingress');
    assert.ok(ingress);
    const rules = ingress.spec.rules as {
      http: { paths: { path: string; backend: { service: { name: string } } }[] };
    }[];
    const routes = Object.fromEntries(rules[0]!.http.paths.map((p) => [p.path, p.backend.service.name]));
    assert.deepEqual(routes, {
      '/v1/webhooks': 'bridge-vtiger-sage-bridge-ingest',
      '/': 'bridge-vtiger-sage-bridge-audit',
    });
  });

  test('the ServiceMonitor names jobs vsb-<service> and the PrometheusRule carries alerts.yml', () => {
    const objects = render(...allFeatures);
    const [monitor] = ofKind(objects, 'ServiceMonitor');
    assert.ok(monitor, 'a ServiceMonitor when metrics.serviceMonitor.enabled');
    const endpoints = monitor.spec.endpoints as { port: string; path: string; relabelings: unknown[] }[];
    assert.equal(endpoints[0]?.path, '/metrics');
    assert.deepEqual(endpoints[0]?.relabelings, [
      {
        sourceLabels: ['__meta_kubernetes_service_label_app_kubernetes_io_component'],
        targetLabel: 'job',
        replacement: 'vsb-$1',
      },
    ]);
    const [rule] = ofKind(objects, 'PrometheusRule');
    assert.ok(rule, 'a PrometheusRule when metrics.prometheusRule.enabled');
    assert.deepEqual(rule.spec, readYaml('deploy/prometheus/alerts.yml'));
  });

  test('the dev Secret holds the four secret keys and the pods roll when it changes', () => {
    const objects = render(...allFeatures);
    const [secret] = ofKind(objects, 'Secret');
    assert.ok(secret);
    assert.deepEqual(Object.keys((secret as unknown as { stringData: object }).stringData).sort(), [
      'ENCRYPTION_KEY',
      'JWT_SECRET',
      'MONGO_URL',
      'SAGE_CLIENT_SECRET',
    ]);
    for (const deployment of ofKind(objects, 'Deployment')) {
      const annotations = (deployment.spec.template as { metadata: { annotations?: object } }).metadata
        .annotations;
      assert.ok(annotations && 'checksum/secret' in annotations, `${deployment.metadata.name} checksum`);
    }
  });
});
