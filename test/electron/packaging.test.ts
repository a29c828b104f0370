// Packaging without packaging: electron-builder.yml passes electron-builder's own schema, asks
// for the targets of the issue and packs the build output; the icons in build/ are real images
// of the sizes the targets need; package.json points Electron at the compiled main process.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debug: { add(): void; isEnabled: boolean }): Promise<void>;
};

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  linux: { target: string[]; maintainer: string };
  mac: { target: string[] };
  win: { target: string[] };
  electronFuses: Record<string, boolean>;
  extraMetadata: { homepage: string };
}

const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex'), file).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    await expect(validateConfiguration(config, { add: () => undefined, isEnabled: false })).resolves.toBeUndefined();
  });

  it('builds AppImage and deb, dmg, nsis for Tidings, from build/ into release/', () => {
    expect(config.productName).toBe('Tidings');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    // deb refuses to build without a maintainer and a homepage.
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
    expect(config.extraMetadata.homepage).toMatch(/^https:\/\//);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.directories).toEqual({ buildResources: 'build', output: 'release' });
    expect(config.files).toContain('dist/**/*');
    expect(config.files).toContain('package.json');
  });

  it('flips the fuses that would let others run the app as Node or attach a debugger', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, grantFileProtocolExtraPrivileges: false });
  });

  it('packs the files package.json starts from', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(pkg.scripts.build).toContain('build:preload');
    expect(pkg.scripts['build:preload']).toContain('--outfile=dist/electron/preload.cjs');
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder');
  });
});

describe('icons', () => {
  it('has icon.png at 512x512 and a 256x256 for Linux', () => {
    expect(pngSize(path.join(ROOT, 'build', 'icon.png'))).toEqual({ width: 512, height: 512 });
    expect(pngSize(path.join(ROOT, 'build', 'icons', '256x256.png'))).toEqual({ width: 256, height: 256 });
  });

  it('has icon.ico with a 256 entry and icon.icns with a 512 entry', () => {
    const ico = readFileSync(path.join(ROOT, 'build', 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(widths).toContain(256);
    const icns = readFileSync(path.join(ROOT, 'build', 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic09'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'build', 'make-icons.mjs'))).toBe(true);
  });
});
