import pg from 'pg';
import { expect, expectNoA11yViolations, person, pipelineToken, runtime, test } from './fixtures';

const evidence = (metric = 0.93) => ({
  checks: ['qa-integration-tests', 'qa-performance-tests', 'qa-security-tests', 'staging-deployment-tests'].map((name) => ({
    name,
    status: 'passed',
    summary: 'green',
  })),
  metrics: { auc: metric },
  primaryMetric: { name: 'auc', higherIsBetter: true },
  scan: { tool: 'Defender for Containers', critical: 0, high: 0, medium: 2, low: 5 },
  // FRAUD is a high risk tier project: its promotions need the fairness and explainability sections.
  modelCard: {
    url: 'https://contoso.example/model-cards/fraud-scorer-v5',
    complete: true,
    responsibleAi: { fairness: 'Parity within 2% across age bands', explainability: 'SHAP summary attached' },
  },
  runId: 'fraud-train-20261120',
  gitCommit: '3f9a2c1d7e5b4a6c',
});

/** Makes the person's last sign-in an hour old, so a production approval asks for a fresh one. */
async function ageSignIn(key: string) {
  const c = new pg.Client({ connectionString: runtime().databaseUrl });
  await c.connect();
  await c.query(`UPDATE "Session" SET "authTime" = now() - interval '1 hour' WHERE "userId" = (SELECT id FROM "User" WHERE upn = $1)`, [
    person(key).upn,
  ]);
  await c.end();
}

let promotionId = '';

test.describe('[PROMOTIONS] the demo queue', () => {
  test.use({ persona: 'eli' });
  test('[PROMOTIONS] the lead signs in to pending approvals on My approvals, and a ledger with history', async ({ page }) => {
    await page.goto('/approvals');
    await expect(page.getByRole('heading', { name: 'My approvals' })).toBeVisible();
    // The demo seeds one request waiting for the lead at staging and one at production.
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /My approvals/ })).toContainText('2 waiting');
    await expect(page.getByRole('link', { name: 'merchant-risk v3' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'claims-router v5' })).toBeVisible();

    await page.goto('/projects/CLAIMS/ledger?environment=QA');
    const live = page.getByRole('row', { name: /claims-router v4/ });
    await expect(live).toContainText('Live now');
    await expect(live).toContainText('Eli Novak');
    await expect(live).toContainText('reported by GitHub Actions');
    await expectNoA11yViolations(page);
  });
});

test.describe.serial('[PROMOTIONS] production promotion, from the pipeline to the ledger', () => {
  test('[PROMOTIONS] the pipeline requests production promotion through the API', async ({ request }) => {
    const token = await pipelineToken(request);
    const r = await request.post('/api/v1/promotions', {
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'e2e-fraud-scorer-v5-prod' },
      data: { project: 'FRAUD', model: 'fraud-scorer', version: 5, targetEnvironment: 'PRODUCTION', evidence: evidence() },
    });
    expect(r.status()).toBe(201);
    const body = await r.json();
    expect(body).toMatchObject({ status: 'PENDING', fromEnvironment: 'QA', targetEnvironment: 'PRODUCTION', satisfied: false });
    promotionId = body.id;
  });

  test.describe(() => {
    test.use({ persona: 'eli' });
    test('[PROMOTIONS] the project lead approves in the browser, confirming with a fresh sign-in', async ({ page }) => {
      await page.goto('/approvals');
      await expect(page.getByRole('heading', { name: 'My approvals' })).toBeVisible();
      // The pipeline's request joins the two the demo seeds for the lead.
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /My approvals/ })).toContainText('3 waiting');
      await expectNoA11yViolations(page);
      await page.getByRole('link', { name: 'fraud-scorer v5' }).click();
      await expect(page.getByRole('heading', { name: /Promote fraud-scorer v5 to production/ })).toBeVisible();
      await expect(page.getByText('Every gate of the policy is met.')).toBeVisible();
      const sources = page.getByRole('region', { name: 'Where the evidence came from' });
      await expect(sources.getByRole('listitem').filter({ hasText: 'qa-security-tests' })).toContainText('From the pipeline');
      await expect(page.getByRole('table', { name: 'Candidate and production champion metrics' })).toContainText('Champion v4');
      await expectNoA11yViolations(page);

      await ageSignIn('eli');
      await page.getByLabel(/Comment/).fill('Champion beaten on AUC; model card reviewed.');
      const popupPromise = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Approve' }).click();
      const popup = await popupPromise;
      await expect(popup.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
      await popup.getByRole('button', { name: /Eli Novak/ }).click();
      // The comment typed before the popup is the one recorded; the panel now says the lead has decided.
      await expect(page.getByRole('region', { name: 'History' })).toContainText('Champion beaten on AUC; model card reviewed.');
      await expect(page.getByRole('region', { name: 'Your decision' })).toContainText('You have already approved this evidence');
      await expect(page.getByRole('region', { name: 'Approvals' })).toContainText('Approved by Eli Novak');
    });
  });

  test.describe(() => {
    test.use({ persona: 'farah' });
    test('[PROMOTIONS] the business owner sees it pending their approval, and approves', async ({ page }) => {
      await page.goto('/approvals');
      await page.getByRole('link', { name: 'fraud-scorer v5' }).click();
      const approvals = page.getByRole('region', { name: 'Approvals' });
      await expect(approvals).toContainText('Approved by Eli Novak');
      await expect(approvals).toContainText('1 × Business owner');
      // FRAUD is high tier: the business owner's slot and the model risk officer's are both open.
      await expect(approvals.getByText('Needed', { exact: true })).toHaveCount(2);
      await ageSignIn('farah');
      const popupPromise = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Approve' }).click();
      const popup = await popupPromise;
      await popup.getByRole('button', { name: /Farah Haddad/ }).click();
      // FRAUD is high risk tier: the model risk officer's approval is still needed.
      await expect(page.getByRole('region', { name: 'Approvals' })).toContainText('Approved by Farah Haddad');
      await expect(page.getByRole('region', { name: 'Approvals' })).toContainText('1 × Model risk officer');
    });
  });

  test.describe(() => {
    test.use({ persona: 'mira' });
    test('[PROMOTIONS] the model risk officer gives the high tier approval', async ({ page }) => {
      await page.goto(`/promotions/${promotionId}`);
      await expect(page.getByText('Risk tier: High')).toBeVisible();
      await ageSignIn('mira');
      const popupPromise = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Approve' }).click();
      const popup = await popupPromise;
      await popup.getByRole('button', { name: /Mira Okafor/ }).click();
      await expect(page.getByRole('heading', { name: /Promote fraud-scorer v5/ })).toContainText('Approved');
      await expect(page.getByRole('region', { name: 'Approvals' })).toContainText('The policy is satisfied.');
    });
  });

  test.describe(() => {
    test.use({ persona: 'eli' });
    test('[PROMOTIONS] the pipeline sees approved, reports deployed, and the ledger shows the version live', async ({ request, page }) => {
      const token = await pipelineToken(request);
      const polled = await request.get(`/api/v1/promotions/${promotionId}?waitSeconds=5&unlessStatus=PENDING`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await polled.json()).toMatchObject({ status: 'APPROVED', satisfied: true });
      const deployed = await request.post(`/api/v1/promotions/${promotionId}/deployment`, {
        headers: { authorization: `Bearer ${token}` },
        data: { outcome: 'deployed', endpointName: 'fraud-scorer-production' },
      });
      expect(await deployed.json()).toMatchObject({ status: 'DEPLOYED' });

      await page.goto('/projects/FRAUD/ledger?environment=PRODUCTION');
      const live = page.getByRole('row', { name: /fraud-scorer v5/ });
      await expect(live).toContainText('Live now');
      await expect(live).toContainText('Eli Novak, Farah Haddad');
      await expect(page.getByRole('row', { name: /fraud-scorer v4/ })).toContainText('until');
      await expectNoA11yViolations(page);
    });
  });
});

test.describe('[PROMOTIONS] rejection and denials', () => {
  let churnId = '';
  test.beforeAll(async ({ request }) => {
    const token = await pipelineToken(request);
    const r = await request.post('/api/v1/promotions', {
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'e2e-churn-v4-qa' },
      data: { project: 'CHURN', model: 'churn-classifier', version: 4, targetEnvironment: 'QA', evidence: evidence(0.7) },
    });
    expect([200, 201]).toContain(r.status());
    churnId = (await r.json()).id;
  });

  test.describe(() => {
    test.use({ persona: 'avery' });
    test('[PROMOTIONS] a data scientist cannot approve', async ({ page }) => {
      await page.goto(`/promotions/${churnId}`);
      await expect(page.getByRole('heading', { name: /Promote churn-classifier v4 to qa/ })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
      await expect(page.getByRole('region', { name: 'Your decision' })).toContainText('You cannot decide promotions on this project.');
    });
  });

  test.describe(() => {
    test.use({ persona: 'jonas' });
    test('[PROMOTIONS] a lead of another project gets not found', async ({ page }) => {
      const response = await page.goto(`/promotions/${churnId}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
    });
  });

  test.describe(() => {
    test.use({ persona: 'eli' });
    test('[PROMOTIONS] the lead rejects with a reason, which ends the request', async ({ page, request }) => {
      await page.goto(`/promotions/${churnId}`);
      await page.getByLabel('Reason for rejecting').fill('Recall regressed on the holdout set.');
      await page.getByLabel('Reason for rejecting').press('Control+Enter');
      await expect(page.getByRole('heading', { name: /Promote churn-classifier v4/ })).toContainText('Rejected');
      await expect(page.getByRole('region', { name: 'History' })).toContainText('Recall regressed on the holdout set.');
      const token = await pipelineToken(request);
      const r = await request.get(`/api/v1/promotions/${churnId}`, { headers: { authorization: `Bearer ${token}` } });
      expect(await r.json()).toMatchObject({ status: 'REJECTED', closedReason: 'Recall regressed on the holdout set.' });
      await page.goto('/promotions?status=rejected');
      await expect(page.getByRole('row', { name: /churn-classifier v4/ })).toContainText('Rejected');
      await expectNoA11yViolations(page);
    });
  });
});

test.describe('[PROMOTIONS] asking in the browser', () => {
  test.use({ persona: 'avery' });
  test('[PROMOTIONS] a data scientist requests the next environment for a version from the model page', async ({ page }) => {
    await page.goto('/projects/CHURN/models/churn-classifier');
    await page.getByRole('link', { name: 'Request promotion of v3' }).click();
    await expect(page.getByRole('heading', { name: 'Request a promotion of churn-classifier v3' })).toBeVisible();
    await expect(page.getByLabel('Target environment')).toHaveValue('STAGING');
    await expectNoA11yViolations(page);
    await page.getByLabel('Notes for the approvers').fill('Retrained on October data; unit tests attached by the pipeline.');
    await page.getByRole('button', { name: 'Request promotion' }).click();
    await expect(page.getByRole('heading', { name: /Promote churn-classifier v3 to staging/ })).toContainText('Pending approval');
    await expect(page.getByRole('region', { name: 'Your decision' })).toContainText('You cannot decide promotions on this project.');
    await expect(page.getByRole('region', { name: 'Lineage and evidence' })).toContainText('Retrained on October data');
    await page.getByRole('button', { name: 'Withdraw this request' }).click();
    await expect(page.getByRole('heading', { name: /Promote churn-classifier v3 to staging/ })).toContainText('Cancelled');
    await expect(page.getByRole('button', { name: 'Withdraw this request' })).toHaveCount(0);
  });
});
