import type { SageContact } from '../../../../libs/connectors/src/sage/sage-types.js';
import { isSageNotFound } from '../../../../libs/connectors/src/sage/index.js';
import { allows } from '../../../../libs/contracts/src/modules.js';
import type { TenantDoc } from '../../../../libs/state/src/tenants-repository.js';
import { contentHash, idempotencyIdFor } from '../domain/content-hash.js';
import { diffFields } from '../domain/field-diff.js';
import { matchOrganization, nameSearchTerm } from '../domain/match-plan.js';
import { mergeSnapshots } from '../domain/merge.js';
import {
  organizationFromSage,
  organizationFromVtiger,
  organizationLabel,
  sageContactBody,
  vtigerAccountElement,
  type OrganizationSnapshot,
} from '../domain/organization-mapping.js';
import { organizationToSageRules } from '../domain/organization-rules.js';
import { firstSkipReason } from '../domain/skip-rules.js';
import { skipped, type SyncDecision } from '../domain/sync-decision.js';
import type { LinksRepository } from '../data-access/links-repository.js';
import type { TenantUpstreams } from '../upstreams/tenant-upstreams.js';

const MODULE = 'organizations';

export interface OrganizationExporterDeps {
  upstreams: TenantUpstreams;
  links: LinksRepository;
}

/**
 * Drives one Vtiger Organization to Sage: read it (events are hints, never the data), map, check
 * the skip rules, write through the breaker, bind. Safe to run twice for the same change: the
 * create carries a deterministic idempotency_id and the link insert tolerates its own replay.
 */
export function createOrganizationExporter(deps: OrganizationExporterDeps) {
  const { upstreams, links } = deps;

  async function findCandidates(tenantId: string, wanted: OrganizationSnapshot): Promise<SageContact[]> {
    const byId = new Map<string, SageContact>();
    const searches = [
      wanted.reference ? { reference: wanted.reference } : undefined,
      wanted.email ? { email: wanted.email } : undefined,
      nameSearchTerm(wanted.name) ? { search: nameSearchTerm(wanted.name) } : undefined,
    ].filter((s) => s !== undefined);
    for (const criteria of searches) {
      const found = await upstreams.sage(tenantId, (c) =>
        c.findContacts({ ...criteria, contactTypeId: 'CUSTOMER' }),
      );
      for (const contact of found) byId.set(contact.id, contact);
    }
    // A customer already linked to another organization is that organization's, never a match.
    const linked = await Promise.all([...byId.keys()].map((id) => links.findBySageId(tenantId, MODULE, id)));
    return [...byId.values()].filter((_, i) => !linked[i]);
  }

  return async function exportOrganization(tenant: TenantDoc, vtigerId: string): Promise<SyncDecision> {
    const tenantId = tenant._id;
    const overrides = tenant.settings.fieldMappings?.[MODULE] ?? {};
    const account = await upstreams.vtiger(tenantId, (c) => c.retrieve(vtigerId));
    if (!account) {
      return skipped(
        {
          code: 'SOURCE_RECORD_GONE',
          message: `Organization ${vtigerId} no longer exists in Vtiger (deleted before it could sync)`,
        },
        { vtigerId },
      );
    }
    const fromVtiger = organizationFromVtiger(account, overrides);
    const label = organizationLabel(fromVtiger);
    const ids = { vtigerId, recordLabel: label };
    const skip = firstSkipReason(organizationToSageRules(overrides), fromVtiger, `"${label}" (${vtigerId})`);
    if (skip) return skipped(skip, ids);

    const link = await links.findByVtigerId(tenantId, MODULE, vtigerId);
    if (link) {
      if (link.snapshotHash === contentHash(fromVtiger))
        return { outcome: 'unchanged', ...ids, sageId: link.sageId };
      const current = await upstreams
        .sage(tenantId, (c) => c.getContact(link.sageId))
        .catch((err: unknown) => {
          if (isSageNotFound(err)) return undefined;
          throw err;
        });
      if (!current) {
        return skipped(
          {
            code: 'DEPENDENCY_NOT_SYNCED',
            message: `Organization "${label}" (${vtigerId}) is linked to Sage customer ${link.sageId}, which no longer exists in Sage`,
          },
          { ...ids, sageId: link.sageId },
        );
      }
      const base = link.snapshot as unknown as OrganizationSnapshot;
      const fromSage = organizationFromSage(current);
      const vtigerTime = Date.parse(`${account.modifiedtime?.replace(' ', 'T')}Z`);
      const sageTime = Date.parse(current.updated_at ?? '');
      const { merged, conflicts } = mergeSnapshots(
        base,
        fromVtiger,
        fromSage,
        tenant.settings.conflictPolicy ?? 'newest_wins',
        (sageTime || 0) > (vtigerTime || 0) ? 'sage' : 'vtiger',
      );
      const mergedHash = contentHash(merged);
      if (contentHash(fromSage) !== mergedHash) {
        await upstreams.sage(tenantId, (c) =>
          c.updateContact(link.sageId, sageContactBody(merged, 'update')),
        );
      }
      // A conflict Sage won must flow back, or the two sides would stay different.
      const direction = tenant.settings.modules.organizations.direction;
      if (contentHash(fromVtiger) !== mergedHash && allows(direction, 'sage_to_vtiger')) {
        await upstreams.vtiger(tenantId, (c) =>
          c.revise({ id: vtigerId, ...vtigerAccountElement(merged, overrides) }),
        );
      }
      await links.recordSync(link._id, { ...merged }, mergedHash);
      return {
        outcome: 'updated',
        ...ids,
        sageId: link.sageId,
        changes: diffFields(
          base as unknown as Record<string, unknown>,
          merged as unknown as Record<string, unknown>,
        ),
        ...(conflicts.length
          ? {
              reason: {
                code: 'CONFLICT_RESOLVED',
                field: conflicts.map((c) => c.field).join(','),
                message: conflicts
                  .map(
                    (c) =>
                      `${c.field} changed on both sides (Vtiger "${String(c.vtiger)}", Sage "${String(c.sage)}"); kept the ${c.winner === 'vtiger' ? 'Vtiger' : 'Sage'} value`,
                  )
                  .join('; '),
              },
            }
          : {}),
      };
    }

    const candidates = await findCandidates(tenantId, fromVtiger);
    const match = matchOrganization(
      fromVtiger,
      candidates.map((contact) => ({ snapshot: organizationFromSage(contact), candidate: contact })),
    );
    if (match.kind === 'ambiguous') {
      return skipped(
        {
          code: 'AMBIGUOUS_MATCH',
          field: match.by,
          message: `Organization "${label}" (${vtigerId}) matches ${match.candidates.length} Sage customers by ${match.by}: ${match.candidates
            .map((c) => `${c.displayed_as ?? c.name} (${c.id})`)
            .join(', ')}; link it by hand or make them distinct`,
        },
        ids,
      );
    }
    if (match.kind === 'one') {
      const existing = organizationFromSage(match.candidate);
      if (contentHash(existing) !== contentHash(fromVtiger)) {
        await upstreams.sage(tenantId, (c) =>
          c.updateContact(match.candidate.id, sageContactBody(fromVtiger, 'update')),
        );
      }
      await links.insert({
        tenantId,
        module: MODULE,
        vtigerId,
        sageId: match.candidate.id,
        snapshot: { ...fromVtiger },
        snapshotHash: contentHash(fromVtiger),
      });
      return {
        outcome: 'updated',
        ...ids,
        sageId: match.candidate.id,
        changes: diffFields(
          existing as unknown as Record<string, unknown>,
          fromVtiger as unknown as Record<string, unknown>,
        ),
        details: { matchedBy: match.by },
      };
    }
    const created = await upstreams.sage(tenantId, (c) =>
      c.createContact(sageContactBody(fromVtiger, 'create'), {
        idempotencyId: idempotencyIdFor(tenantId, MODULE, vtigerId, 'create'),
      }),
    );
    await links.insert({
      tenantId,
      module: MODULE,
      vtigerId,
      sageId: created.id,
      snapshot: { ...fromVtiger },
      snapshotHash: contentHash(fromVtiger),
    });
    return { outcome: 'created', ...ids, sageId: created.id };
  };
}
export type OrganizationExporter = ReturnType<typeof createOrganizationExporter>;
