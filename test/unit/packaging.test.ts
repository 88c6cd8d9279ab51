// The packaging configuration (electron-builder.yml) and its afterPack hook
// (scripts/afterPack.mjs), checked without packaging: packaging downloads
// Electron, which this machine cannot. The config is validated against
// electron-builder's own schema and matched with its own file matcher; the
// hook's fuses are data, it is handed @electron/fuses as an argument to see
// what it flips, and it flips a real fuse wire in a file laid out as
// Electron's binary has it.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FuseState, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { useTempDir } from '../helpers/tempDir';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Configuration;
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { productName: string; scripts: Record<string, string> };
const tempDir = useTempDir('stepwise-packaging-');

// electron-builder's internals, loaded from where electron-builder finds them.
const builderRequire = createRequire(createRequire(join(ROOT, 'package.json')).resolve('electron-builder/package.json'));
const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: Configuration, logger: unknown): Promise<void>;
};
const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
type Filter = (file: string, stat: Stats) => boolean;
const { FileMatcher, getNodeModuleFileMatcher } = builderRequire('app-builder-lib/out/fileMatcher') as {
  FileMatcher: new (from: string, to: string, expand: (p: string) => string, patterns: string[]) => { createFilter(): Filter };
  getNodeModuleFileMatcher(appDir: string, to: string, expand: (p: string) => string, platformOptions: object, packager: object): { createFilter(): Filter };
};

/** A file's stat as the matcher reads it (whether it is a folder), for files a build makes. */
const AS_FILE = { isDirectory: () => false } as Stats;

/** Whether electron-builder's matcher for `patterns` takes this file of the project (built or not). */
function matches(patterns: string[], file: string): boolean {
  const filter = new FileMatcher(ROOT, '/dest', (p) => p, patterns).createFilter();
  return filter(join(ROOT, file), AS_FILE);
}

/** What electron-vite builds (electron.vite.config.ts) and the app loads. */
const BUILT = [
  'out/main/index.js',
  'out/main/engineHost.js',
  'out/main/parserWorker.js',
  'out/main/cli.js',
  'out/preload/index.js',
  'out/renderer/index.html',
  'out/renderer/assets/index-B4hy6oOn.js',
  'out/renderer/assets/index-DEGMU_mz.css',
];

/** Whether electron-builder copies this file of a production dependency (it keeps only the excludes of `files` for them). */
function copiesModuleFile(file: string): boolean {
  const packager = { config: { files: config.files }, debugLogger: { isEnabled: false } };
  const filter = getNodeModuleFileMatcher(ROOT, '/dest', (p) => p, {}, packager).createFilter();
  return filter(join(ROOT, file), statSync(join(ROOT, file)));
}

/** @electron/fuses's sentinel (its dist/constants.js, which the package does not export). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

function filesUnder(dir: string): string[] {
  const absolute = join(ROOT, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

interface AfterPackModule {
  default(context: unknown, fuses?: unknown): Promise<void>;
  FUSES: Record<string, boolean>;
  fuseConfig(fuses: unknown, platform: string): Record<string | number, unknown>;
}

async function loadHook(): Promise<AfterPackModule> {
  expect(config.afterPack).toBe('./scripts/afterPack.mjs');
  return (await import(pathToFileURL(join(ROOT, config.afterPack as string)).href)) as AfterPackModule;
}

const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

/** An unpacked Linux app as electron-builder leaves it for afterPack, with a staged better-sqlite3 stamp. */
function packedApp(stamp: Record<string, string> | null, binary: Buffer = Buffer.from('not electron')) {
  const appOutDir = tempDir();
  const resources = join(appOutDir, 'resources');
  mkdirSync(join(resources, 'native'), { recursive: true });
  if (stamp) writeFileSync(join(resources, 'native', 'better_sqlite3.node.json'), JSON.stringify(stamp));
  writeFileSync(join(appOutDir, 'stepwise'), binary);
  const context = {
    appOutDir,
    electronPlatformName: 'linux',
    arch: 1, // builder-util's Arch.x64
    packager: {
      executableName: 'stepwise',
      appInfo: { productFilename: 'Stepwise' },
      info: { framework: { version: ELECTRON_VERSION } },
      getResourcesDir: (dir: string) => join(dir, 'resources'),
    },
  };
  return { context, binary: join(appOutDir, 'stepwise') };
}

const GOOD_STAMP = { electron: ELECTRON_VERSION, betterSqlite3: '12.9.0', platform: 'linux', arch: 'x64' };

/** Bytes laid out as in Electron's binary: the sentinel, wire version 1, the wire's length, one byte per fuse. */
function fakeElectronBinary(wire: number[]): Buffer {
  return Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(FUSE_SENTINEL), Buffer.from([1, wire.length, ...wire]), Buffer.alloc(4096, 0x90)]);
}

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and builds an AppImage and a .deb for Linux', () => {
    expect(config.appId).toBe('dev.stepwise.app');
    // One name for the packaged app and `electron .`, so both use ~/.config/Stepwise.
    expect(config.productName).toBeUndefined();
    expect(packageJson.productName).toBe('Stepwise');
    const targets = (config.linux?.target as string[]).map(String);
    expect(targets).toEqual(['AppImage', 'deb']);
    expect(config.linux?.executableName).toBe('stepwise');
  });

  it('packs the built app and its manifest, and leaves out Node builds and sources of native modules', () => {
    const files = config.files as string[];
    for (const file of ['package.json', ...BUILT]) expect(matches(files, file), file).toBe(true);
    for (const file of ['out/main/index.js.map', 'src/main/index.ts', 'resources/plans/rust-wasmtime.yaml', '.cache/electron-native/package/better_sqlite3.node']) {
      expect(matches(files, file), file).toBe(false);
    }
    for (const file of filesUnder('node_modules/better-sqlite3/build')) expect(copiesModuleFile(file), file).toBe(false);
    for (const file of filesUnder('node_modules/node-pty/deps').slice(0, 20)) expect(copiesModuleFile(file), file).toBe(false);
    for (const file of ['node_modules/better-sqlite3/lib/database.js', 'node_modules/node-pty/lib/index.js', 'node_modules/node-pty/build/Release/pty.node']) {
      expect(copiesModuleFile(file), file).toBe(true);
    }
    // What out/main requires at run time is shipped; what vite bundled into out/renderer is not.
    for (const name of ['zod', 'yaml', 'marked', 'ws', 'diff', 'node-pty', 'better-sqlite3']) {
      expect(copiesModuleFile(`node_modules/${name}/package.json`), name).toBe(true);
    }
    for (const name of ['react', 'react-dom', 'zustand', '@xterm/xterm']) {
      expect(copiesModuleFile(`node_modules/${name}/package.json`), name).toBe(false);
    }
  });

  it("unpacks node-pty's native files from app.asar, and only them", () => {
    const unpack = config.asarUnpack as string[];
    expect(config.asar).toBe(true);
    const native = [...filesUnder('node_modules/node-pty/build/Release'), ...filesUnder('node_modules/node-pty/prebuilds')].filter(
      (file) => file.endsWith('.node') || file.endsWith('spawn-helper'),
    );
    expect(native.some((file) => file.endsWith('pty.node'))).toBe(true);
    for (const file of native) expect(matches(unpack, file), file).toBe(true);
    for (const file of ['node_modules/node-pty/lib/index.js', 'package.json', 'node_modules/better-sqlite3/lib/database.js']) {
      expect(matches(unpack, file), file).toBe(false);
    }
    for (const file of BUILT) expect(matches(unpack, file), file).toBe(false);
  });

  it('ships resources/ and the Electron build of better-sqlite3 beside app.asar, where the main process looks', () => {
    expect(config.extraResources).toEqual([
      { from: 'resources', to: 'resources' },
      { from: '.cache/electron-native/package', to: 'native', filter: ['better_sqlite3.node', 'better_sqlite3.node.json'] },
    ]);
  });

  it('rebuilds better-sqlite3 for Electron out of node_modules, before electron-builder runs, and never in place', () => {
    expect(config.npmRebuild).toBe(false);
    expect(packageJson.scripts.dist).toBe('electron-vite build && node scripts/electron-native.mjs --for-packaging && electron-builder --linux');
  });
});

describe('scripts/afterPack.mjs', () => {
  it('flips exactly these fuses', async () => {
    const { FUSES } = await loadHook();
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it('hands @electron/fuses the packaged executable and a wire with those fuses and no other', async () => {
    const hook = await loadHook();
    const { context, binary } = packedApp(GOOD_STAMP);
    const calls: [string, unknown][] = [];
    const flipFuses = async (path: string, wire: unknown): Promise<number> => (calls.push([path, wire]), 1);
    await hook.default(context, { FuseVersion, FuseV1Options, flipFuses });
    expect(calls).toEqual([
      [
        binary,
        {
          version: FuseVersion.V1,
          resetAdHocDarwinSignature: false,
          [FuseV1Options.RunAsNode]: false,
          [FuseV1Options.EnableCookieEncryption]: true,
          [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
          [FuseV1Options.EnableNodeCliInspectArguments]: false,
          [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
          [FuseV1Options.OnlyLoadAppFromAsar]: true,
          [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
        },
      ],
    ]);
  });

  it("flips a real fuse wire with @electron/fuses, leaving the fuses it does not name as Electron's defaults", async () => {
    const hook = await loadHook();
    const { ENABLE: on, DISABLE: off } = FuseState;
    // Electron 39's defaults, in FuseV1Options order.
    const defaults = [on, off, on, on, off, off, off, on, on];
    const { context, binary } = packedApp(GOOD_STAMP, fakeElectronBinary(defaults));
    await hook.default(context);
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(off);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(on);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(off);
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(off);
    expect(wire[FuseV1Options.WasmTrapHandlers]).toBe(on);
  });

  it('refuses to package without better-sqlite3 built for this Electron, platform and arch', async () => {
    const hook = await loadHook();
    const flipFuses = async (): Promise<number> => {
      throw new Error('must not be reached');
    };
    const fuses = { FuseVersion, FuseV1Options, flipFuses };
    await expect(hook.default(packedApp(null).context, fuses)).rejects.toThrow(/no better-sqlite3 built for Electron .*npm run dist/);
    await expect(hook.default(packedApp({ ...GOOD_STAMP, electron: '38.0.0' }).context, fuses)).rejects.toThrow(
      new RegExp(`built for electron 38\\.0\\.0, this package is for ${ELECTRON_VERSION.replaceAll('.', '\\.')}`),
    );
    await expect(hook.default(packedApp({ ...GOOD_STAMP, arch: 'arm64' }).context, fuses)).rejects.toThrow(/built for arch arm64, this package is for x64/);
  });
});
