import { expect, expectNoA11yViolations, pipelineToken, test } from './fixtures';

const evidence = {
  checks: [{ name: 'staging-deployment-tests', status: 'passed', summary: 'green' }],
  metrics: { mape: 0.1 },
  scan: { tool: 'Defender for Containers', critical: 0, high: 0, medium: 0, low: 0 },
  modelCard: { url: 'https://contoso.example/model-cards/x', complete: true },
};

test.describe('[RISK] tiers drive the gates', () => {
  test.use({ persona: 'eli' });

  test('[RISK] the risk page shows the tier, the rule that fired and the acceptance; axe clean', async ({ page }) => {
    await page.goto('/projects/FRAUD/risk');
    await expect(page.getByRole('heading', { name: 'Risk: Card fraud detection', level: 1 })).toBeVisible();
    await expect(page.getByText('Risk tier: High').first()).toBeVisible();
    await expect(page.getByText('material-automated-decisions').first()).toBeVisible();
    await expect(page.getByText(/a model risk officer approval at every stage|1 model risk officer approval/)).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test('[RISK] a high tier promotion demands the model risk officer and the RAI sections in the browser', async ({ page, request }) => {
    const token = await pipelineToken(request);
    const create = async (project: string, model: string, version: number, key: string) => {
      const res = await request.post('/api/v1/promotions', {
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
        data: { project, model, version, targetEnvironment: 'QA', evidence },
      });
      return res;
    };
    const high = await create('FRAUD', 'fraud-scorer', 6, 'e2e-risk-fraud-scorer-v6-qa');
    expect(high.status()).toBe(201);
    await page.goto(`/promotions/${(await high.json()).id}`);
    await expect(page.getByText('Risk tier: High')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Approvals' })).toContainText('1 × Model risk officer');
    await expect(page.getByText(/Responsible AI assessment with fairness and explainability sections/).first()).toBeVisible();
    await expectNoA11yViolations(page);
  });
});

test.describe('[RISK] policy simulation', () => {
  test.use({ persona: 'mira' });

  test('[RISK] the simulation shows the effect of a change without applying it', async ({ page }) => {
    await page.goto('/risk/policies');
    await expect(page.getByRole('heading', { name: 'Risk policy', level: 1 })).toBeVisible();
    const editor = page.getByLabel(/Risk policy \(JSON\)/);
    const policy = JSON.parse(await editor.inputValue());
    policy.fallbackTier = 'HIGH';
    await editor.fill(JSON.stringify(policy, null, 2));
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect(page.getByRole('heading', { name: /What saving this would change/ })).toBeVisible();
    await expect(page.getByText(/DEMAND: minimal → high/)).toBeVisible();
    await expectNoA11yViolations(page);
    await page.goto('/projects/DEMAND/risk');
    await expect(page.getByText('Risk tier: Minimal').first()).toBeVisible();
  });
});

test.describe('[RISK] the model risk officer', () => {
  test.use({ persona: 'mira' });

  test('[RISK] reads a minimal-tier project (DEMAND is not the FRAUD lead’s); axe clean', async ({ page }) => {
    await page.goto('/projects/DEMAND/risk');
    await expect(page.getByText('Risk tier: Minimal').first()).toBeVisible();
    await expectNoA11yViolations(page);
  });
});
