// Preflight: can the plan's target work at all, before step one.
export { preflight, satisfies, PREFLIGHT_PARAMETERS, type PreflightInput } from './preflight';
export {
  readDependencyMsrvs,
  parseCargoMetadata,
  type DependencyGraph,
  type DependencyMsrvResult,
  type ReadDependencyMsrvsOptions,
  type ResolvedPackage,
} from './cargoMetadata';
export { classifyMetadataFailure, graphFailureFinding, type GraphFailure, type GraphFailureKind } from './graphFailure';
export { toolchainFloor, wasmtimeInGraph } from './toolchainFloor';
