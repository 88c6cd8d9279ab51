// electron-builder's afterPack hook (electron-builder.yml): runs on the
// unpacked app, before it is signed and put in an AppImage or .deb.
//
// 1. Checks that the better-sqlite3 staged beside app.asar was built for the
//    Electron, platform and arch being packaged (scripts/electron-native.mjs
//    --for-packaging stamps it): the wrong one would only fail at the user's
//    first start, as "the engine cannot run".
// 2. Flips the Electron fuses (https://www.electronjs.org/docs/latest/tutorial/fuses)
//    with @electron/fuses. The fuses are data (FUSES); @electron/fuses comes in
//    as an argument so test/unit/packaging.test.ts can see what is flipped.
//
// RunAsNode off is why the cargo JSON filter runs as the app itself
// (src/main/cargoJsonFilterMode.ts). EnableNodeCliInspectArguments off means
// no --inspect: Playwright's Electron driver cannot attach to a packaged
// build, only to `electron .`. ASAR integrity is validated by Electron on
// macOS and Windows only; on Linux the fuse is set for when that changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fuses of a packaged Stepwise, by @electron/fuses's FuseV1Options names; the rest keep Electron's defaults. */
export const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the app into a plain Node for anyone who can set its environment.
  RunAsNode: false,
  // Cookies on disk encrypted with the OS keyring.
  EnableCookieEncryption: true,
  // NODE_OPTIONS and --inspect/--inspect-brk could inject code or a debugger.
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // app.asar's header checked against the hash embedded at packaging.
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar, not an app/ folder or default_app.asar beside it.
  OnlyLoadAppFromAsar: true,
  // Pages load from app:// (src/main/security/appProtocol.ts): file:// gets nothing extra.
  GrantFileProtocolExtraPrivileges: false,
});

/** The fuse wire for @electron/fuses's flipFuses: FUSES by index, nothing else. */
export function fuseConfig({ FuseVersion, FuseV1Options }, electronPlatformName) {
  const config = {
    version: FuseVersion.V1,
    // Flipping a fuse breaks an ad-hoc macOS signature; Linux has none.
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' || electronPlatformName === 'mas',
  };
  for (const [name, value] of Object.entries(FUSES)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses has no fuse named ${name}`);
    config[index] = value;
  }
  return config;
}

/** The Electron executable electron-builder wrote into appOutDir (named as its own addElectronFuses names it). */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'linux') return join(appOutDir, packager.executableName);
  const ext = { darwin: '.app', mas: '.app', win32: '.exe' }[electronPlatformName];
  if (ext === undefined) throw new Error(`afterPack: unknown platform ${electronPlatformName}`);
  return join(appOutDir, `${packager.appInfo.productFilename}${ext}`);
}

// builder-util's Arch enum, by value.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** Throws unless resources/native holds better-sqlite3 built for this Electron, platform and arch. */
export function checkNativeSqlite(context) {
  const native = join(context.packager.getResourcesDir(context.appOutDir), 'native');
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(native, 'better_sqlite3.node.json'), 'utf8'));
  } catch (error) {
    throw new Error(
      `afterPack: no better-sqlite3 built for Electron in ${native} (${error.message}); package with \`npm run dist\`, which runs scripts/electron-native.mjs --for-packaging first`,
    );
  }
  const wanted = {
    electron: context.packager.info.framework.version,
    platform: context.electronPlatformName,
    arch: ARCH_NAMES[context.arch] ?? String(context.arch),
  };
  for (const [key, value] of Object.entries(wanted)) {
    if (stamp[key] !== value) {
      throw new Error(
        `afterPack: the staged better-sqlite3 was built for ${key} ${stamp[key]}, this package is for ${value}; run scripts/electron-native.mjs --for-packaging for it`,
      );
    }
  }
}

/** electron-builder calls it with the context only; a test passes its own @electron/fuses. */
export default async function afterPack(context, fuses) {
  checkNativeSqlite(context);
  const api = fuses ?? (await import('@electron/fuses'));
  const binary = electronBinary(context);
  await api.flipFuses(binary, fuseConfig(api, context.electronPlatformName));
  console.log(`  • fuses flipped  ${Object.entries(FUSES).map(([name, on]) => `${name}=${on ? 'on' : 'off'}`).join(' ')}`);
}
