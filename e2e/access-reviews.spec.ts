import pg from 'pg';
import { expect, expectNoA11yViolations, runtime, test } from './fixtures';

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: runtime().databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const claimsReviewId = async () =>
  (
    await sql<{ id: string }>(`SELECT r.id FROM "AccessReview" r JOIN "Project" p ON p.id = r."projectId" WHERE p.code = 'CLAIMS' LIMIT 1`)
  )[0]!.id;

test.describe('business owner', () => {
  test.use({ persona: 'farah' });

  test('[ACCESS] the business owner home shows the RACI to accept, the open review, drift and its history', async ({ page }) => {
    await page.goto('/owner');
    await expect(page.getByRole('heading', { name: 'Business owner home', level: 1 })).toBeVisible();
    const raci = page.getByRole('region', { name: 'RACI awaiting your acceptance' });
    await expect(raci.getByRole('link', { name: 'CLAIMS: RACI v2' })).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Open access reviews' }).getByRole('link', { name: 'CLAIMS: quarterly access review' }),
    ).toBeVisible();
    await expect(page.getByRole('img', { name: /Drifted assignments per day/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Drift by project' }).getByRole('link', { name: 'FRAUD' })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test('[RACI] the business owner accepts the RACI version awaiting them, and sees who accepted what and when', async ({ page }) => {
    await page.goto('/projects/CLAIMS/raci');
    await expect(page.getByText('Awaiting acceptance')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Changes from v1 to v2' })).toBeVisible();
    await expectNoA11yViolations(page);
    await page.getByLabel('Comment (optional)').fill('Agreed with the iteration change');
    await page.getByRole('button', { name: 'Accept version 2 as business owner' }).click();
    await expect(page.getByText('Accepted', { exact: true }).first()).toBeVisible();
    const acceptance = page.getByRole('region', { name: 'Version 2' });
    await expect(acceptance.getByText(/by Farah Haddad on/)).toBeVisible();
    await expect(acceptance.getByText('“Agreed with the iteration change”')).toBeVisible();
    await expect(page.getByRole('button', { name: /Accept version/ })).toHaveCount(0);
    const audit = await sql<{ action: string }>(
      `SELECT action FROM "AuditEvent" WHERE action = 'raci.accepted' AND "actorLabel" = 'Farah Haddad'`,
    );
    expect(audit.length).toBe(1);
  });

  test('[REVIEWS] the business owner runs a review of their project, revokes one assignment, and the access picture updates', async ({
    page,
  }) => {
    await page.goto('/projects/FRAUD/access?env=DEVELOPMENT');
    const holders = page.getByRole('table', { name: 'Role assignments in Development' });
    await expect(holders.getByRole('cell', { name: /Sam Leaver/ })).toBeVisible();
    await expect(holders.getByText('Holder has left').first()).toBeVisible();
    await expectNoA11yViolations(page);

    await page.getByRole('link', { name: 'Review this access' }).click();
    await expect(page.getByRole('heading', { name: 'Start an access review', level: 1 })).toBeVisible();
    await expect(page.getByLabel('What to review')).toHaveValue('project:FRAUD');
    await expectNoA11yViolations(page);
    await page.getByLabel('Title (optional)').fill('FRAUD: leaver clean-up');
    await page.getByRole('button', { name: 'Start the review' }).click();
    await expect(page.getByRole('heading', { name: 'FRAUD: leaver clean-up', level: 1 })).toBeVisible();
    await expectNoA11yViolations(page);

    await page.getByRole('link', { name: 'Recommended to revoke' }).click();
    const samRow = page.getByRole('checkbox', {
      name: 'Choose Sam Leaver: AzureML Data Scientist on Azure Machine Learning workspace in Development',
    });
    await samRow.check();
    await page.getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'justification' })).toContainText('a justification is required');
    await page.getByLabel(/Justification for the 1 assignment/).fill('Sam left the company in the spring');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'revoked' })).toHaveText('1 assignment revoked.');
    await expect(page.getByText('By Farah Haddad: Sam left the company in the spring')).toBeVisible();

    await page.getByRole('button', { name: 'Complete the review' }).click();
    await expect(page.getByRole('button', { name: 'Apply the results' })).toBeVisible();
    await page.getByRole('button', { name: 'Apply the results' }).click();
    await expect(page.getByText('Applied', { exact: true }).first()).toBeVisible();
    await expect(page.getByText('Removed', { exact: true })).toBeVisible();

    await page.goto('/projects/FRAUD/access?env=DEVELOPMENT');
    await expect(page.getByRole('table', { name: 'Role assignments in Development' })).toBeVisible();
    await expect(page.getByRole('cell', { name: /Sam Leaver/ })).toHaveCount(0);
    const ended = await sql<{ endedReason: string }>(
      `SELECT ra."endedReason" FROM "RoleAssignment" ra JOIN "User" u ON u.id = ra."userId" WHERE u."displayName" = 'Sam Leaver'`,
    );
    expect(ended.map((r) => r.endedReason)).toEqual(['Revoked in access review “FRAUD: leaver clean-up”']);

    await page.goto('/reviews?status=all');
    await expect(page.getByRole('link', { name: 'FRAUD: leaver clean-up' })).toBeVisible();
    await expectNoA11yViolations(page);
    const csv = await page.request.get(
      `/api/v1/reviews/${(await sql<{ id: string }>(`SELECT id FROM "AccessReview" WHERE title = 'FRAUD: leaver clean-up'`))[0]!.id}/export`,
    );
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Sam Leaver,USER');
  });
});

test.describe('data scientist', () => {
  test.use({ persona: 'avery' });

  test('[REVIEWS] a data scientist cannot open another project’s review: 404, and the export is 404 too', async ({ page }) => {
    const id = await claimsReviewId();
    const response = await page.goto(`/reviews/${id}`);
    await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
    expect(response!.status()).toBe(404);
    const csv = await page.request.get(`/api/v1/reviews/${id}/export`);
    expect(csv.status()).toBe(404);
    expect((await csv.json()).error.code).toBe('NOT_FOUND');
  });

  test('[RACI] a data scientist reads the RACI but cannot accept it', async ({ page }) => {
    await page.goto('/projects/FRAUD/raci');
    await expect(page.getByRole('heading', { name: 'RACI: Card fraud detection' })).toBeVisible();
    await expect(page.getByText('Only the project lead and the business owner accept the RACI. You can read it.')).toBeVisible();
    await expect(page.getByRole('button', { name: /Accept version/ })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Edit the RACI' })).toHaveCount(0);
    await expectNoA11yViolations(page);
  });

  test('[ACCESS] a data scientist does not see the project’s access picture', async ({ page }) => {
    const response = await page.goto('/projects/FRAUD/access');
    expect(response!.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
  });
});

test.describe('project lead', () => {
  test.use({ persona: 'eli' });

  test('[RACI] a RACI with two Accountable personas is refused with a clear message; a valid edit is a new version awaiting acceptance', async ({
    page,
  }) => {
    await page.goto('/projects/FRAUD/raci');
    await page.getByRole('link', { name: 'Edit the RACI' }).click();
    await expect(page.getByRole('form', { name: 'Edit the RACI' })).toBeVisible();
    await expectNoA11yViolations(page);
    await page.getByLabel('Production release approval: Project lead (data science lead)').selectOption('A');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Accountable' })).toContainText(
      'Production release approval needs exactly one Accountable persona; it has 2',
    );
    expect((await sql(`SELECT 1 FROM "RaciVersion" v JOIN "Project" p ON p.id = v."projectId" WHERE p.code = 'FRAUD'`)).length).toBe(1);

    await page.getByLabel('Production release approval: Project owner (business owner)').selectOption('R');
    await page.getByLabel('What changed and why').fill('The lead answers for releases; the owner stays responsible');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await expect(page.getByRole('heading', { name: 'Version 2' })).toBeVisible();
    await expect(page.getByText('Awaiting acceptance')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Accept version 2 as project lead' })).toBeVisible();
    const diff = page.getByRole('table', { name: 'Changes from v1 to v2' });
    await expect(diff.getByRole('row')).toHaveCount(3);
  });
});
