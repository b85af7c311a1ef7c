/**
 * The outbound URL policy: every URL the portal calls on someone's behalf (pipeline callbacks,
 * notification webhooks) must be https and resolve only to public unicast addresses, so that a
 * caller cannot aim the portal at its own network (loopback, the cloud metadata service, private
 * ranges). Exact `host:port` entries in OUTBOUND_ALLOWED_HOSTS are exempt: that is how the demo and
 * the tests reach their own local receivers without opening loopback as a whole.
 *
 * The URL is checked when it is accepted (a 422 that names the rule) and again when it is sent:
 * `postOutbound` resolves the name itself, refuses the connection if any address is not allowed,
 * and connects to the address it checked (no second lookup), so DNS rebinding between the check
 * and the connection gains nothing. Redirects are never followed.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '@/lib/errors';
import { outboundSettings } from '@/lib/outbox/settings';

/** Addresses of platform services that must never be called, whatever range they sit in. */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // Azure, AWS, GCP instance metadata
  '168.63.129.16', // Azure wire server (a public address that only the platform answers)
  '100.100.100.200', // Alibaba Cloud metadata
  'fd00:ec2::254', // AWS instance metadata over IPv6
]);

const RANGE_LABEL: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private address',
  uniqueLocal: 'a unique-local address',
  ipv4Mapped: 'an IPv4-mapped IPv6 address',
};

/**
 * Why an address may not be called, or null when it is a public unicast address. Anything that
 * is not plain unicast (reserved, documentation, translation and tunnelling prefixes included)
 * is refused: they can embed or reach an internal IPv4 address.
 */
export function addressRefusal(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return 'an address that cannot be parsed';
  }
  const normal = ip.kind() === 'ipv6' ? (ip as ipaddr.IPv6).toNormalizedString() : ip.toString();
  if (METADATA_ADDRESSES.has(ip.toString()) || METADATA_ADDRESSES.has(normal)) return 'a cloud metadata address';
  const range = ip.range();
  if (range === 'unicast') return null;
  return RANGE_LABEL[range] ?? `a special-purpose address (${range})`;
}

/** `host:port` of a URL as the allow-list writes it: lower case, with the scheme's default port. */
export function hostPortOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
  return `${url.hostname.toLowerCase()}:${port}`;
}

export function allowedHosts(): Set<string> {
  return new Set(
    (outboundSettings().OUTBOUND_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
}

export type OutboundCheck =
  { ok: true; url: URL; allowListed: boolean } | { ok: false; rule: 'url' | 'https' | 'credentials' | 'address' | 'dns'; message: string };

type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const resolveAll: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (e, addresses) => (e ? reject(e) : resolve(addresses))),
  );

function firstRefused(addresses: LookupAddress[]): { address: string; why: string } | null {
  for (const a of addresses) {
    const why = addressRefusal(a.address);
    if (why) return { address: a.address, why };
  }
  return null;
}

/** Checks a URL against the policy, resolving its name. Never throws. */
export async function checkOutboundUrl(raw: string, resolve: Resolver = resolveAll): Promise<OutboundCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, rule: 'url', message: 'must be an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, rule: 'https', message: 'must use https' };
  if (url.username || url.password) return { ok: false, rule: 'credentials', message: 'must not carry a user name or password' };
  if (allowedHosts().has(hostPortOf(url))) return { ok: true, url, allowListed: true };
  if (url.protocol !== 'https:') return { ok: false, rule: 'https', message: 'must use https' };

  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  if (ipaddr.isValid(host)) addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return { ok: false, rule: 'dns', message: `host ${host} does not resolve` };
    }
    if (addresses.length === 0) return { ok: false, rule: 'dns', message: `host ${host} does not resolve` };
  }
  const refused = firstRefused(addresses);
  if (refused) return { ok: false, rule: 'address', message: `resolves to ${refused.why} (${refused.address})` };
  return { ok: true, url, allowListed: false };
}

/** For request validation: a 422 that names the field and the rule, e.g. "callbackUrl: must use https". */
export async function assertOutboundUrl(raw: string, field: string, resolve?: Resolver): Promise<void> {
  const check = await checkOutboundUrl(raw, resolve);
  if (!check.ok) throw new AppError('UNPROCESSABLE', `${field}: ${check.message}`, { field, rule: check.rule });
}

/** The policy refused a URL at send time (DNS changed, the allow-list changed): no retry can fix it. */
export class OutboundRefused extends Error {}

/**
 * A `lookup` for the socket that resolves once, refuses the connection if any address is not
 * allowed, and hands the socket the addresses it checked: the socket connects to exactly those.
 */
function guardedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = firstRefused(addresses);
        if (refused) {
          callback(new OutboundRefused(`${hostname} resolves to ${refused.why} (${refused.address})`), '', 0);
          return;
        }
        const family = typeof options === 'object' && options ? options.family : undefined;
        const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
          return;
        }
        if (typeof options === 'object' && options?.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (e: NodeJS.ErrnoException) => callback(e, '', 0),
    );
  };
}

export type OutboundResponse = { status: number; headers: IncomingHttpHeaders };

/**
 * POSTs `body` to `raw` under the policy: checked again now, connected to the checked address,
 * no redirect followed (a 3xx is returned as it is, for the caller to treat as a failure).
 */
export async function postOutbound(
  raw: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs?: number; resolve?: Resolver } = {},
): Promise<OutboundResponse> {
  const resolve = opts.resolve ?? resolveAll;
  const check = await checkOutboundUrl(raw, resolve);
  if (!check.ok) throw new OutboundRefused(`${check.message} (${check.rule})`);
  const { url, allowListed } = check;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<OutboundResponse>((resolvePromise, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // An allow-listed host:port is trusted as configured; everything else is pinned to checked addresses.
        ...(allowListed ? {} : { lookup: guardedLookup(resolve) }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
