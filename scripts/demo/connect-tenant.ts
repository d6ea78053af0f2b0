import axios from 'axios';

/**
 * Sets a tenant up through the operator API only, the way an admin would: create it, connect
 * Vtiger, enable modules, connect Sage through the real OAuth authorization-code flow (the Sage
 * simulator consents automatically), and point the Vtiger workflow at the webhook.
 * Used by `npm start` for the demo tenant and by the end-to-end tests.
 */
export interface TenantSetup {
  auditUrl: string;
  operatorToken: string;
  tenantId: string;
  name: string;
  webhookSecret: string;
  vtiger: { url: string; username: string; accessKey: string };
  /** Where the Vtiger simulator's workflow should post (the ingest webhook). */
  ingestUrl: string;
  modules: Record<string, { enabled: boolean; direction: 'vtiger_to_sage' | 'sage_to_vtiger' | 'both' }>;
  country?: string;
}

export async function connectTenant(setup: TenantSetup): Promise<void> {
  const api = axios.create({
    baseURL: setup.auditUrl,
    headers: { Authorization: `Bearer ${setup.operatorToken}` },
    validateStatus: () => true,
  });
  const expect = (res: { status: number; data: unknown }, ok: number[], what: string) => {
    if (!ok.includes(res.status))
      throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.data)}`);
  };

  const created = await api.post('/v1/tenants', {
    id: setup.tenantId,
    name: setup.name,
    webhookSecret: setup.webhookSecret,
  });
  expect(created, [201, 409], 'creating the tenant');
  expect(
    await api.put(`/v1/tenants/${setup.tenantId}/connections/vtiger`, setup.vtiger),
    [200],
    'connecting Vtiger',
  );

  const settings = await api.get(`/v1/tenants/${setup.tenantId}/settings`);
  expect(settings, [200], 'reading settings');
  expect(
    await api.put(`/v1/tenants/${setup.tenantId}/settings`, {
      ...settings.data,
      modules: { ...settings.data.modules, ...setup.modules },
    }),
    [200],
    'saving settings',
  );

  const authorize = await api.get(`/v1/tenants/${setup.tenantId}/connections/sage/authorize`, {
    params: { country: setup.country ?? 'gb', response: 'json' },
  });
  expect(authorize, [200], 'starting the Sage authorisation');
  // The browser's part: open Sage's consent page, follow its redirect back to the callback.
  const consent = await axios.get(authorize.data.authorizeUrl, {
    maxRedirects: 0,
    validateStatus: () => true,
  });
  expect(consent, [302, 303], "Sage's consent page");
  const callback = await axios.get(String(consent.headers.location), { validateStatus: () => true });
  expect(callback, [200], 'the OAuth callback');

  const vtigerBase = setup.vtiger.url.replace(/\/+$/, '');
  const workflow = await axios.post(
    `${vtigerBase}/__sim/workflow`,
    {
      url: `${setup.ingestUrl.replace(/\/+$/, '')}/v1/webhooks/vtiger/${setup.tenantId}`,
      secret: setup.webhookSecret,
    },
    { validateStatus: () => true },
  );
  expect(workflow, [200, 201, 204], "setting the Vtiger simulator's workflow");
}
