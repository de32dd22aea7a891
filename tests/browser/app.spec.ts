import { expect, test } from '@playwright/test';

test('the app starts on the default real snapshot and credits its sources', async ({ page }, testInfo) => {
  await page.goto('./');
  const provenance = page.getByTestId('dataset-provenance');
  await expect(provenance).toContainText('DefiLlama');
  await expect(provenance).toContainText('DeXposure');
  await expect(provenance).toContainText('Real data');
  await page.screenshot({ path: testInfo.outputPath('first-screen.png'), fullPage: true });
});
