/** Topic names; every deployment prefixes them with TOPIC_PREFIX (default `vsb.`). */
export const TOPIC_SUFFIXES = ['changes', 'results', 'commands', 'dead-letter'] as const;
export type TopicSuffix = (typeof TOPIC_SUFFIXES)[number];

export interface Topics {
  changes: string;
  results: string;
  commands: string;
  deadLetter: string;
}

export function topicsFor(prefix: string): Topics {
  return {
    changes: `${prefix}changes`,
    results: `${prefix}results`,
    commands: `${prefix}commands`,
    deadLetter: `${prefix}dead-letter`,
  };
}
