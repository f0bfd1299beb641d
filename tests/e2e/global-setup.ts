import { findThisBrowser } from './find-browser';

/** Before any end-to-end test: a browser to drive, or one line saying how to get one. */
export default function globalSetup(): void {
  const found = findThisBrowser();
  if ('missing' in found) {
    process.stderr.write(`e2e: ${found.missing}\n`);
    process.exit(1);
  }
  process.env.CHROMIUM_PATH = found.executablePath;
}
