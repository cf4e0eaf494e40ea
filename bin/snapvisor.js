#!/usr/bin/env node
// The `snapvisor` command: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
