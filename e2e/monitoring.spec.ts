import { expect, expectNoA11yViolations, test } from './fixtures';

test.describe('project lead', () => {
  test.use({ persona: 'eli' });

  test('[MONITORING] the lead sees signals with thresholds and history, and accepts the proposed iteration', async ({ page }) => {
    await page.goto('/');
    const panel = page.getByRole('region', { name: 'Monitoring signals on the projects you lead' });
    await expect(panel.getByRole('link', { name: 'FRAUD: Data drift' }).first()).toBeVisible();

    await panel.getByRole('link', { name: 'FRAUD: Data drift' }).first().click();
    await expect(page.getByRole('heading', { name: 'Monitoring: Card fraud detection', level: 1 })).toBeVisible();
    const signals = page.getByRole('region', { name: 'Signals' });
    await expect(signals.getByRole('heading', { name: 'Data drift', level: 3 }).first()).toBeVisible();
    await expect(signals.getByRole('img', { name: /Data drift .* readings from/ }).first()).toBeVisible();
    await expectNoA11yViolations(page);

    // FRAUD's two production endpoints drift: one proposal each; the lead decides the first.
    const forms = page.getByRole('form', { name: /Decide: Start an iteration \(step 4\)/ });
    const open = await forms.count();
    expect(open).toBeGreaterThan(0);
    const form = forms.first();
    await form.getByLabel('Reason').fill('Retrain on the last quarter of transactions');
    await form.getByRole('button', { name: 'Accept' }).click();
    await expect(forms).toHaveCount(open - 1);
    await page.getByText(/Decided proposals/).click();
    await expect(page.getByText(/accepted by Eli Novak .*Retrain on the last quarter/)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Lifecycle' }).first()).toHaveAttribute('href', '/projects/FRAUD/lifecycle');
  });
});

test.describe('business owner', () => {
  test.use({ persona: 'kemi' });

  test('[MONITORING] the owner must give a reason to dismiss the proposed retirement, then dismisses it', async ({ page }) => {
    await page.goto('/owner');
    await expect(
      page.getByRole('region', { name: 'Monitoring signals needing attention' }).getByRole('link', { name: 'DEMAND: Client requests' }),
    ).toBeVisible();
    await page.goto('/projects/DEMAND/monitoring');
    const form = page.getByRole('form', { name: /Decide: Retire \(step 6\)/ });
    await form.getByRole('button', { name: 'Dismiss' }).click();
    await expect(form.getByText('a reason is required to dismiss')).toBeVisible();
    await form.getByLabel('Reason').fill('Seasonal product: traffic returns in spring');
    await form.getByRole('button', { name: 'Dismiss' }).click();
    await expect(form).toHaveCount(0);
    await expectNoA11yViolations(page);
  });
});
