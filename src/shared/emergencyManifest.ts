// Shared by the engine (what an emergency rollback restores) and the UI
// (what its confirmation says will change), so the two cannot disagree.

/** The files an emergency rollback restores: the build's manifests and toolchain pins. */
export function isEmergencyManifest(path: string): boolean {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  const parent = parts[parts.length - 2];
  return (
    name === 'Cargo.toml' ||
    name === 'Cargo.lock' ||
    name === 'rust-toolchain' ||
    name === 'rust-toolchain.toml' ||
    name === 'Makefile' ||
    name.startsWith('Dockerfile') ||
    (parent === '.cargo' && name.startsWith('config'))
  );
}
