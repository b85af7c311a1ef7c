import { expect, expectNoA11yViolations, test } from './fixtures';

test.describe('business owner', () => {
  test.use({ persona: 'farah' });

  test('[EVIDENCE] the production fraud model’s evidence pack opens and downloads as HTML, PDF and a JSON that verifies', async ({
    page,
  }) => {
    await page.goto('/projects/FRAUD/time-machine');
    await expect(page.getByRole('heading', { name: 'Live versions' })).toBeVisible();
    await expectNoA11yViolations(page);
    await page.getByRole('listitem').filter({ hasText: 'fraud-scorer v4' }).getByRole('link', { name: 'Evidence pack' }).click();

    await expect(page.getByRole('heading', { name: 'fraud-scorer v4', level: 1 })).toBeVisible();
    for (const section of ['Lineage', 'Approvals', 'RACI version in force', 'Risk classification', 'Environment ledger'])
      await expect(page.getByRole('heading', { name: section, level: 2 })).toBeVisible();
    await expectNoA11yViolations(page);

    const versionId = page.url().split('/evidence/')[1]!;
    const api = `/api/v1/evidence-packs/${versionId}`;
    const html = await page.request.get(`${api}?format=html`);
    expect(html.headers()['content-type']).toContain('text/html');
    expect((await html.text()).length).toBeGreaterThan(1000);
    const pdf = await page.request.get(`${api}?format=pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = await pdf.body();
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
    const json = await page.request.get(`${api}?format=json`);
    expect(json.headers()['content-type']).toContain('application/json');
    const pack = await json.json();
    expect(pack.signature.algorithm).toBe('Ed25519');
    // A signed-in browser's POST carries its origin (the proxy refuses cross-origin state changes).
    const verdict = await page.request.post('/api/v1/evidence-packs/verify', {
      data: pack,
      headers: { origin: new URL(page.url()).origin },
    });
    expect(verdict.status()).toBe(200);
    expect(await verdict.json()).toMatchObject({ status: 'valid', signatureValid: true, staleSections: [] });
  });

  test('[EVIDENCE] the time machine answers for a past instant', async ({ page }) => {
    await page.goto('/projects/FRAUD/time-machine');
    await page.getByLabel('Date and time (UTC)').fill('2020-01-01T12:00:00');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByText(/Showing the project as of/)).toContainText('2020-01-01T12:00:00.000Z');
    await expect(page.getByText('Nothing live.').first()).toBeVisible();
    await expectNoA11yViolations(page);
  });
});

test.describe('portal administrator', () => {
  test.use({ persona: 'priya' });

  test('[EVIDENCE] the audit integrity page verifies the chain', async ({ page }) => {
    await page.goto('/admin/audit');
    await expect(page.getByRole('heading', { name: 'Audit trail integrity', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Chain intact' })).toBeVisible();
    await expectNoA11yViolations(page);
  });
});
