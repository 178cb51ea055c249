import { chromiumPath } from './support/console';

// Without a Chromium the browser tests fail, saying how to get one — they never skip silently.

it('fails with instructions when no Chromium can be found', () => {
  const saved = { PATH: process.env.PATH, CHROMIUM_PATH: process.env.CHROMIUM_PATH };
  try {
    process.env.PATH = '/nowhere';
    delete process.env.CHROMIUM_PATH;
    expect(() => chromiumPath()).toThrow(/found none on PATH\. Install one — Debian\/Ubuntu: `apt-get install -y chromium/);
    process.env.CHROMIUM_PATH = '/nowhere/chromium';
    expect(() => chromiumPath()).toThrow(/CHROMIUM_PATH=\/nowhere\/chromium does not exist\. Install one/);
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.CHROMIUM_PATH === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved.CHROMIUM_PATH;
  }
});
