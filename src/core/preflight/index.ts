// Preflight: can the plan's target work at all, before step one.
export { preflight, satisfies, PREFLIGHT_DEFAULTS, PREFLIGHT_PARAMETERS, type DependencyMsrv, type PreflightInput } from './preflight';
export { readDependencyMsrvs, parseCargoMetadata, type DependencyMsrvResult, type ReadDependencyMsrvsOptions } from './cargoMetadata';
