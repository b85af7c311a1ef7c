import { expect, test } from './fixtures';

test.describe('[SHELL] public files', () => {
  test('[SHELL] the icon, the web manifest and robots.txt load without signing in, and pages link them', async ({ page, request }) => {
    const icon = await request.get('/icon.svg');
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');

    const robots = await request.get('/robots.txt');
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/);

    const manifest = await request.get('/manifest.webmanifest');
    expect(manifest.status()).toBe(200);
    expect(await manifest.json()).toMatchObject({ name: 'ML Governance Portal', icons: [{ src: '/icon.svg' }] });

    await page.goto('/signed-out');
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /^\/icon\.svg/);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  });
});
