import type { LookupAddress } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { addressRefusal, assertOutboundUrl, checkOutboundUrl, hostPortOf } from '@/lib/security/outbound-url';

const resolvesTo =
  (...addresses: string[]) =>
  async (): Promise<LookupAddress[]> =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

afterEach(() => {
  delete process.env.OUTBOUND_ALLOWED_HOSTS;
});

describe('addressRefusal: which addresses the portal may call', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.1.2', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['169.254.10.1', 'a link-local address'],
    ['168.63.129.16', 'a cloud metadata address'],
    ['100.100.100.200', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['10.0.0.5', 'a private address'],
    ['172.16.3.4', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['fc00::1', 'a unique-local address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['fe80::1', 'a link-local address'],
    ['::ffff:127.0.0.1', 'an IPv4-mapped IPv6 address'],
    ['::ffff:8.8.8.8', 'an IPv4-mapped IPv6 address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'a broadcast address'],
    ['2002:7f00:1::', 'a special-purpose address (6to4)'],
    ['64:ff9b::7f00:1', 'a special-purpose address (rfc6052)'],
    ['not-an-ip', 'an address that cannot be parsed'],
  ])('%s is %s', (address, why) => {
    expect(addressRefusal(address)).toBe(why);
  });

  it.each(['8.8.8.8', '20.50.2.1', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888'])('%s is public: allowed', (address) => {
    expect(addressRefusal(address)).toBeNull();
  });
});

describe('checkOutboundUrl', () => {
  it('requires https', async () => {
    expect(await checkOutboundUrl('http://hooks.example.com/x', resolvesTo('8.8.8.8'))).toMatchObject({ ok: false, rule: 'https' });
    expect(await checkOutboundUrl('ftp://hooks.example.com/x')).toMatchObject({ ok: false, rule: 'https' });
    expect(await checkOutboundUrl('not a url')).toMatchObject({ ok: false, rule: 'url' });
  });

  it('refuses credentials in the URL', async () => {
    expect(await checkOutboundUrl('https://u:p@hooks.example.com/', resolvesTo('8.8.8.8'))).toMatchObject({
      ok: false,
      rule: 'credentials',
    });
  });

  it('refuses a name when any of its addresses is internal, and names the address', async () => {
    expect(await checkOutboundUrl('https://hooks.example.com/', resolvesTo('8.8.8.8', '10.0.0.5'))).toEqual({
      ok: false,
      rule: 'address',
      message: 'resolves to a private address (10.0.0.5)',
    });
    expect(await checkOutboundUrl('https://hooks.example.com/', resolvesTo('8.8.8.8', '2001:4860::1'))).toMatchObject({ ok: true });
  });

  it('checks IP literals without a lookup, including bracketed IPv6 and IPv4-mapped forms', async () => {
    const never = async () => {
      throw new Error('no lookup expected');
    };
    expect(await checkOutboundUrl('https://169.254.169.254/latest/meta-data', never)).toMatchObject({
      ok: false,
      message: 'resolves to a cloud metadata address (169.254.169.254)',
    });
    expect(await checkOutboundUrl('https://[::ffff:127.0.0.1]:8443/', never)).toMatchObject({ ok: false, rule: 'address' });
    expect(await checkOutboundUrl('https://[fe80::1]/', never)).toMatchObject({ ok: false, rule: 'address' });
    // The URL parser normalises numeric hosts, so 2130706433 is 127.0.0.1.
    expect(await checkOutboundUrl('https://2130706433/', never)).toMatchObject({ ok: false, message: expect.stringMatching(/loopback/) });
  });

  it('refuses a name that does not resolve', async () => {
    const fails = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await checkOutboundUrl('https://nowhere.invalid/', fails)).toMatchObject({ ok: false, rule: 'dns' });
    expect(await checkOutboundUrl('https://nowhere.invalid/', resolvesTo())).toMatchObject({ ok: false, rule: 'dns' });
  });

  it('exempts exact host:port entries only: the allow-listed receiver, not its host on another port', async () => {
    process.env.OUTBOUND_ALLOWED_HOSTS = ' 127.0.0.1:4010 , Receiver.Local:8443';
    expect(await checkOutboundUrl('http://127.0.0.1:4010/hook')).toMatchObject({ ok: true, allowListed: true });
    expect(await checkOutboundUrl('https://receiver.local:8443/hook')).toMatchObject({ ok: true, allowListed: true });
    expect(await checkOutboundUrl('http://127.0.0.1:4011/hook')).toMatchObject({ ok: false, rule: 'https' });
    expect(await checkOutboundUrl('https://127.0.0.1:4011/hook')).toMatchObject({ ok: false, rule: 'address' });
    expect(await checkOutboundUrl('https://receiver.local/hook', resolvesTo('127.0.0.1'))).toMatchObject({ ok: false, rule: 'address' });
  });

  it('writes host:port with the default port', () => {
    expect(hostPortOf(new URL('https://A.example.com/x'))).toBe('a.example.com:443');
    expect(hostPortOf(new URL('http://a.example.com/x'))).toBe('a.example.com:80');
    expect(hostPortOf(new URL('http://[::1]:99/'))).toBe('[::1]:99');
  });
});

describe('assertOutboundUrl', () => {
  it('throws a 422 (UNPROCESSABLE) that names the field and the rule', async () => {
    const e = await assertOutboundUrl('http://hooks.example.com/', 'callbackUrl').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({
      code: 'UNPROCESSABLE',
      message: 'callbackUrl: must use https',
      details: { field: 'callbackUrl', rule: 'https' },
    });
    await expect(assertOutboundUrl('https://hooks.example.com/', 'callbackUrl', resolvesTo('8.8.8.8'))).resolves.toBeUndefined();
  });
});
