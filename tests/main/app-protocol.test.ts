import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRequestHandler, originOf } from '../../src/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/csp';
import { createDropGate } from '../../src/main/drop-gate';

function rendererDir() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-app-'));
  const dir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Briefings</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'index.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'private');
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(dir, 'assets', 'link.js'));
  return dir;
}

describe('the app:// handler (the renderer is served by this, in Electron and in the e2e harness)', () => {
  it('serves files of the renderer folder with the CSP header and their type', async () => {
    const dir = rendererDir();
    const page = await appRequestHandler(dir)(new Request('app://briefings/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>Briefings</title>');
    expect((await appRequestHandler(dir)(new Request('app://briefings/'))).status).toBe(200);
    const js = await appRequestHandler(dir)(new Request('app://briefings/assets/index.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves nothing outside the folder, from another origin, or for other methods', async () => {
    const dir = rendererDir();
    const refused = [
      new Request('app://briefings/../secret.txt'),
      new Request('app://briefings/%2e%2e/secret.txt'),
      new Request('app://briefings/assets/%2e%2e%2f%2e%2e%2fsecret.txt'),
      new Request('app://briefings/assets/link.js'),
      new Request('app://briefings/assets'),
      new Request('app://briefings/missing.js'),
      new Request('app://briefings/%E0%A4%A'),
      new Request('app://briefings/index.html%00.js'),
      new Request('app://briefings.evil/index.html'),
      new Request('app://other/index.html'),
      new Request('https://briefings/index.html'),
      new Request('app://briefings/index.html', { method: 'POST', body: 'x' }),
    ];
    for (const r of refused) {
      const res = await appRequestHandler(dir)(r);
      expect(res.status, r.url).toBe(404);
      expect(await res.text()).not.toContain('private');
    }
  });

  it('puts origins together from their parts (Node says "null" for app:)', () => {
    expect(originOf('app://briefings/index.html')).toBe('app://briefings');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});

describe('drop tokens', () => {
  it('are single use, expire, cover only the dropped paths and exist only for real files', () => {
    let now = 0;
    const gate = createDropGate({ ttlMs: 1000, now: () => now });
    const file = path.join(rendererDir(), 'index.html');
    const a = gate.issue([file]);
    expect(a).toEqual(expect.any(String));
    expect(gate.redeem(a ?? '', [file])).toBe(true);
    expect(gate.redeem(a ?? '', [file])).toBe(false);
    const b = gate.issue([file]) ?? '';
    expect(gate.redeem(b, ['/etc/passwd'])).toBe(false);
    const c = gate.issue([file]) ?? '';
    now = 1001;
    expect(gate.redeem(c, [file])).toBe(false);
    expect(gate.issue(['relative.txt'])).toBeNull();
    expect(gate.issue([path.join(os.tmpdir(), 'no-such-file-for-a-drop')])).toBeNull();
    expect(createDropGate({ pointerOverWindow: () => false }).issue([file])).toBeNull();
  });
});
