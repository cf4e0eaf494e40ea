// `window.snapvisor`, as the preload exposes it. The renderer includes this file (tsconfig
// "include" covers electron/) and imports other types from electron/ipc/contract.ts.
import type { SnapvisorApi } from './contract';

declare global {
  interface Window {
    readonly snapvisor: SnapvisorApi;
  }
}

export {};
