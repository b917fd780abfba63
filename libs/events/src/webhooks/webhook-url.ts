import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '@plein/domain';

export interface WebhookUrlPolicy {
  /** Development only: allow http:// to loopback addresses. Production allows https only. */
  allowLoopbackHttp: boolean;
}

export class InvalidWebhookUrlError extends DomainError<'INVALID_WEBHOOK_URL'> {
  constructor(reason: string) {
    super('INVALID_WEBHOOK_URL', `Webhook URL refused: ${reason}.`);
  }
}

/** Never a delivery target: link-local (cloud metadata lives there), unspecified, multicast, broadcast. */
const NEVER = new BlockList();
NEVER.addSubnet('169.254.0.0', 16, 'ipv4');
NEVER.addSubnet('0.0.0.0', 8, 'ipv4');
NEVER.addSubnet('224.0.0.0', 4, 'ipv4');
NEVER.addSubnet('240.0.0.0', 4, 'ipv4');
NEVER.addSubnet('100.64.0.0', 10, 'ipv4');
NEVER.addSubnet('fe80::', 10, 'ipv6');
NEVER.addSubnet('ff00::', 8, 'ipv6');
NEVER.addAddress('::', 'ipv6');
NEVER.addAddress('fd00:ec2::254', 'ipv6');

/** Internal networks: not reachable as an integrator's endpoint from the plein. */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Why an address may not receive webhooks under the policy, or undefined when it may. */
export function forbiddenAddress(address: string, policy: WebhookUrlPolicy): string | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return forbiddenAddress(mapped[1]!, policy);
  if (NEVER.check(address, family)) return `${address} is a link-local, metadata or reserved address`;
  if (PRIVATE.check(address, family)) return `${address} is in a private network`;
  if (LOOPBACK.check(address, family) && !policy.allowLoopbackHttp) return `${address} is loopback, allowed in development only`;
  return undefined;
}

/**
 * Checks an integrator's webhook URL: https (http only to loopback in development), no
 * credentials, and every address the host resolves to allowed. Deliveries never follow
 * redirects, so a URL cannot be bounced to a forbidden address afterwards; the dispatcher
 * checks the resolved address again on every delivery against DNS rebinding.
 */
export async function validateWebhookUrl(raw: string, policy: WebhookUrlPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidWebhookUrlError(`"${raw.slice(0, 100)}" is not a URL`);
  }
  if (url.username || url.password) throw new InvalidWebhookUrlError('credentials do not belong in the URL');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidWebhookUrlError(`${url.protocol} is not allowed; use https`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw new InvalidWebhookUrlError(`${host} cannot be resolved`);
    }
  }
  for (const address of addresses) {
    const reason = forbiddenAddress(address, policy);
    if (reason) throw new InvalidWebhookUrlError(reason);
  }
  const loopbackOnly = addresses.every((a) => LOOPBACK.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4'));
  if (url.protocol === 'http:' && !(policy.allowLoopbackHttp && loopbackOnly))
    throw new InvalidWebhookUrlError('http is allowed only to loopback in development; use https');
  return url;
}
