import type { Kafka, Producer } from 'kafkajs';
import { OperationalError } from '../errors.js';

export class KafkaUnavailableError extends OperationalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'KAFKA_UNAVAILABLE', options);
  }
}

export interface OutgoingMessage {
  key: string;
  value: object;
}

export interface Publisher {
  connect(): Promise<void>;
  /** Resolves once every in-sync replica has the messages (acks = all); rejects with KafkaUnavailableError. */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
}

/**
 * The idempotent producer (acks = all, no duplicates from its own retries). A publish that cannot
 * complete within `timeoutMs` is reported as unavailable so callers can answer 503 promptly instead
 * of holding a webhook open while the client retries.
 */
export function createPublisher(kafka: Kafka, timeoutMs = 5_000): Publisher {
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
    // Bounded retries (kafkajs warns this weakens exactly-once; we use no transactions, and a send
    // that gives up is reported to the caller, who retries or answers 503, never silently lost).
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
  let connected = false;
  let connecting: Promise<void> | undefined;
  // One connection attempt at a time; a publish while disconnected waits for it (within its timeout).
  const ensureConnected = () =>
    connected
      ? Promise.resolve()
      : (connecting ??= producer.connect().finally(() => {
          connecting = undefined;
        }));
  producer.on(producer.events.CONNECT, () => {
    connected = true;
  });
  producer.on(producer.events.DISCONNECT, () => {
    connected = false;
  });

  return {
    connect: ensureConnected,
    isConnected: () => connected,
    async publish(topic, messages) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          ensureConnected().then(() =>
            producer.send({
              topic,
              acks: -1,
              timeout: timeoutMs,
              messages: messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })),
            }),
          ),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no acknowledgement within ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
      } catch (err) {
        throw new KafkaUnavailableError(`Kafka did not accept the event: ${(err as Error).message}`, {
          cause: err,
        });
      } finally {
        clearTimeout(timer);
      }
    },
    disconnect: () => producer.disconnect(),
  };
}
