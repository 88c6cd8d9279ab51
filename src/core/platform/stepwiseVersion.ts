import packageJson from '../../../package.json';

/** This build's version, from package.json (bundled in at build time). */
export const STEPWISE_VERSION: string = packageJson.version;
