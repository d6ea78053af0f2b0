import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { cacheDir } from './cache.js';
import { hasCommand, run, startDaemon, stopDaemon, waitForPort } from './processes.js';

/**
 * The newest Apache Kafka whose broker passed our kafkajs 2.2.4 checks (produce with acks=all on
 * an idempotent producer, consumer groups with committed offsets, admin createTopics): see the
 * README's "Local infrastructure" section and libs/platform/src/kafka/kafka-compat.int.test.ts.
 */
export const KAFKA_VERSION = '4.4.0';
const SLF4J_BINDING = 'org.apache.logging.log4j:log4j-slf4j-impl:2.25.5';
// Pinned: Maven 3.8's default dependency plugin (2.8) is old and drags in Maven 2 artifacts.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/** Fetches the broker jars and their runtime dependencies from Maven Central once. */
export function ensureKafkaJars(log: (line: string) => void): string {
  const home = cacheDir(`kafka-${KAFKA_VERSION}`);
  const libs = join(home, 'libs');
  const marker = join(home, '.complete');
  if (existsSync(marker)) return libs;
  if (!hasCommand('mvn'))
    throw new Error('Apache Maven (mvn) is needed once to fetch the Kafka jars: apt-get install -y maven');
  if (!hasCommand('java'))
    throw new Error('Java 17+ is needed to run Kafka: apt-get install -y openjdk-17-jre-headless');
  log(`fetching Apache Kafka ${KAFKA_VERSION} jars from Maven Central (once)...`);
  writeFileSync(
    join(home, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local.vsb</groupId><artifactId>kafka-runtime</artifactId><version>1</version><packaging>pom</packaging>
<dependencies><dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency></dependencies>
</project>\n`,
  );
  rmSync(libs, { recursive: true, force: true });
  run(
    'mvn',
    [
      '-q',
      '-B',
      `${DEPENDENCY_PLUGIN}:copy-dependencies`,
      `-DoutputDirectory=${libs}`,
      '-DincludeScope=runtime',
    ],
    { cwd: home },
  );
  run(
    'mvn',
    ['-q', '-B', `${DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${SLF4J_BINDING}`, `-DoutputDirectory=${libs}`],
    {
      cwd: home,
    },
  );
  if (!readdirSync(libs).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`)))
    throw new Error('Kafka jars missing after download');
  writeFileSync(marker, new Date().toISOString());
  return libs;
}

export interface RunningKafka {
  brokers: string;
  stop(): Promise<void>;
}

/** A single-node KRaft broker on loopback, with its data in a throw-away folder. */
export async function startKafka(port: number, log: (line: string) => void): Promise<RunningKafka> {
  const libs = ensureKafkaJars(log);
  const dir = mkdtempSync(join(tmpdir(), 'vsb-kafka-'));
  const controllerPort = port + 1;
  const properties = join(dir, 'server.properties');
  writeFileSync(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=3',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=10',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
      '',
    ].join('\n'),
  );
  const log4j = join(dir, 'log4j2.properties');
  const logFile = join(dir, 'kafka.log');
  writeFileSync(
    log4j,
    [
      'status = warn',
      'appender.f.type = File',
      'appender.f.name = F',
      `appender.f.fileName = ${logFile}`,
      'appender.f.layout.type = PatternLayout',
      'appender.f.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = info',
      'rootLogger.appenderRef.f.ref = F',
      '',
    ].join('\n'),
  );
  const classpath = `${libs}/*`;
  const clusterId = randomBytes(16).toString('base64url');
  // The format tool is a short-lived JVM: the C1-only JIT starts it about twice as fast.
  run('java', [
    '-XX:TieredStopAtLevel=1',
    '-Xshare:auto',
    '-cp',
    classpath,
    `-Dlog4j2.configurationFile=${log4j}`,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    properties,
  ]);
  const child = startDaemon(
    'java',
    [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      '-cp',
      classpath,
      `-Dlog4j2.configurationFile=${log4j}`,
      'kafka.Kafka',
      properties,
    ],
    join(dir, 'stdout.log'),
  );
  await waitForPort(port, 'Kafka', child, logFile);
  try {
    await warmUpGroupCoordinator(`127.0.0.1:${port}`);
  } catch (err) {
    await stopDaemon(child, 5_000);
    throw err;
  }
  return {
    brokers: `127.0.0.1:${port}`,
    async stop() {
      await stopDaemon(child, 15_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh broker creates its consumer-offsets topic on the first group request and answers
 * "coordinator loading" until it is ready; kafkajs then backs off for up to tens of seconds. Asking
 * once here, until it answers, makes every service's first consumer group join at once.
 */
async function warmUpGroupCoordinator(brokers: string, timeoutMs = 60_000): Promise<void> {
  const admin = new Kafka({ brokers: [brokers], clientId: 'vsb-infra', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await admin.describeGroups(['vsb-infra-warm-up']);
        return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`Kafka's group coordinator did not become ready: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
