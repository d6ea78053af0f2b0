/**
 * The on-save workflow: Vtiger runs it synchronously inside the saving request, so the webhook is
 * called before the API call answers. Failures never fail the save (the project's PHP function
 * catches everything); they are counted under stats key "workflow".
 */
import type { CallStats } from '../../shared/src/call-stats.js';

export interface WorkflowConfig {
  url: string;
  secret: string;
  style: 'custom-function' | 'cloud';
}

export interface SaveEvent {
  module: string;
  id: string;
  event: 'save' | 'delete';
  record: Record<string, unknown>;
}

const TIMEOUT_MS = 5_000;

function formValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export async function callWorkflow(config: WorkflowConfig, save: SaveEvent, stats: CallStats): Promise<void> {
  try {
    let response: Response;
    if (config.style === 'cloud') {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(save.record)) form.set(k, formValue(v));
      form.set('module', save.module);
      form.set('id', save.id);
      const url = new URL(config.url);
      url.searchParams.set('secret', config.secret);
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } else {
      response = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bridge-secret': config.secret },
        body: JSON.stringify({
          module: save.module,
          id: save.id,
          event: save.event,
          modifiedtime: save.record.modifiedtime,
          modifiedby: save.record.modifiedby,
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    }
    await response.arrayBuffer().catch(() => undefined);
    stats.record('workflow', response.status);
  } catch {
    stats.record('workflow', 'dropped');
  }
}
