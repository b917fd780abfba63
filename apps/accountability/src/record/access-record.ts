import type { AccessRecordRow } from '../accountability.entities.js';

/** A row of the record as SQL returns it (raw queries, RETURNING). */
export function rowOf(r: Record<string, unknown>): AccessRecordRow {
  return {
    id: Number(r['id']),
    sourceOrg: String(r['source_org']),
    source: String(r['source']),
    seq: Number(r['seq']),
    hash: String(r['hash']),
    at: new Date(r['at'] as string),
    name: String(r['name']),
    refused: Boolean(r['refused']),
    basis: String(r['basis']),
    subject: r['subject'] === null ? null : String(r['subject']),
    purpose: String(r['purpose']),
    receiverOrg: r['receiver_org'] === null ? null : String(r['receiver_org']),
    receiverRoles: String(r['receiver_roles']),
    actor: r['actor'] === null ? null : String(r['actor']),
    traceId: String(r['trace_id']),
    category: String(r['category']),
    activity: String(r['activity']),
    receivedAt: new Date(r['received_at'] as string),
  };
}
