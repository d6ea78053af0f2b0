// Integration test: kafkajs 2.2.4 and this project's Kafka wrappers against the real broker
// (`npm test` provisions Apache Kafka 4.4.0 in KRaft mode). This is the evidence that the chosen
// broker version works with the client: if a Kafka upgrade breaks the protocol, this file fails.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import {
  eventually,
  isolatedNames,
  realInfrastructure,
  testLogger,
} from '../../../../test/support/environment.js';
import { readTopic } from '../../../../test/support/kafka-reader.js';
import { createKafka } from './kafka-client.js';
import { startConsumer } from './consumer.js';
import { createPublisher } from './publisher.js';
import { ensureTopics } from './topics-admin.js';

const { kafkaBrokers } = realInfrastructure();
const logger = testLogger();
const kafka = createKafka(kafkaBrokers.split(','), 'compat-test', logger);
const names = isolatedNames('kafka-compat');

describe('kafkajs 2.2.4 against the broker', () => {
  const publisher = createPublisher(kafka);
  after(async () => {
    await publisher.disconnect();
  });

  test('admin createTopics makes the four bridge topics with the asked partitions, and a second call changes nothing', async () => {
    const topics = await ensureTopics(kafka, names.topicPrefix, 4);
    await ensureTopics(kafka, names.topicPrefix, 4);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: Object.values(topics) });
      assert.deepEqual(
        metadata.topics.map((t) => [t.name, t.partitions.length]).sort(),
        Object.values(topics)
          .map((t) => [t, 4])
          .sort(),
      );
    } finally {
      await admin.disconnect();
    }
  });

  test('the idempotent producer with acks = all publishes in key order, and a consumer group commits its offsets', async () => {
    const topic = `${names.topicPrefix}changes`;
    await publisher.connect();
    for (let i = 0; i < 20; i++) await publisher.publish(topic, [{ key: 'record-1', value: { n: i } }]);

    const seen: number[] = [];
    const groupId = `${names.topicPrefix}group`;
    const consumer = await startConsumer({
      kafka,
      groupId,
      topic,
      deadLetterTopic: `${names.topicPrefix}dead-letter`,
      publisher,
      schema: z.object({ n: z.number() }),
      logger,
      handle: async (message) => {
        seen.push(message.n);
      },
    });
    try {
      await eventually(async () => seen.length === 20, 'all 20 messages');
      assert.deepEqual(
        seen,
        Array.from({ length: 20 }, (_, i) => i),
      );
    } finally {
      await consumer.stop(); // commits what it processed
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      assert.equal(committed, 20, 'the group committed all 20 offsets');
    } finally {
      await admin.disconnect();
    }
  });

  test('a message that is not valid JSON or fails its schema goes to the dead-letter topic and consumption moves on', async () => {
    const topic = `${names.topicPrefix}results`;
    const deadLetterTopic = `${names.topicPrefix}dead-letter`;
    const deadLetters = await readTopic(kafka, deadLetterTopic);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: '{not json' },
        { key: 'a', value: JSON.stringify({ n: 'not a number', tenantId: 'acme' }) },
        { key: 'a', value: JSON.stringify({ n: 7 }) },
      ],
    });
    await producer.disconnect();
    const handled: number[] = [];
    const consumer = await startConsumer({
      kafka,
      groupId: `${names.topicPrefix}dlq-group`,
      topic,
      deadLetterTopic,
      publisher,
      schema: z.object({ n: z.number() }),
      logger,
      handle: async (message) => {
        handled.push(message.n);
      },
    });
    try {
      await eventually(
        async () => handled.length === 1 && deadLetters.messages.length >= 2,
        'one handled, two dead-lettered',
      );
      assert.deepEqual(handled, [7]);
      const reasons = deadLetters.messages.map((m) => m.value as { reason: string; tenantId: string });
      assert.match(reasons[0]!.reason, /not JSON/);
      assert.match(reasons[1]!.reason, /schema validation failed at n/);
      assert.equal(reasons[1]!.tenantId, 'acme');
    } finally {
      await consumer.stop();
      await deadLetters.stop();
    }
  });
});
