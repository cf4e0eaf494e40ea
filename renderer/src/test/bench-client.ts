// The renderer benchmark's page client: window.snapvisor as the in-memory fake holding 10,000
// snapshots, installed before the app loads (bundled to one script by test/bench/renderer.ts).
import { createFakeApi, manySnapshots } from './fake-api';

const count = Number((globalThis as unknown as { __benchCount?: number }).__benchCount ?? 10_000);
Object.defineProperty(globalThis, 'snapvisor', { value: createFakeApi({ snapshots: manySnapshots(count) }), writable: false, configurable: false });
