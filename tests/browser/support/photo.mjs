// Real photos for the browser tests without an image library: Chromium draws a portrait-like page
// of the wanted size and saves it as a JPEG screenshot (real JPEG bytes the server decodes).

/**
 * A JPEG of `width`×`height` pixels (the capture standard is 480×640) with `label` written on it.
 * @param {import('playwright-core').Browser} browser
 * @returns {Promise<Buffer>}
 */
export async function makePhoto(browser, { width = 480, height = 640, label = '' } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  try {
    await page.setContent(`<!doctype html><body style="margin:0;height:100vh;display:grid;place-items:center;background:#2f6aa3">
      <div style="width:55%;aspect-ratio:3/4;border-radius:48% 48% 40% 40%;background:#f0c8a0;display:grid;place-items:end center">
      <span style="font:bold 20px sans-serif;color:#333;padding-bottom:12px">${label}</span></div></body>`);
    return await page.screenshot({ type: 'jpeg', quality: 85, clip: { x: 0, y: 0, width, height } });
  } finally {
    await page.close();
  }
}
