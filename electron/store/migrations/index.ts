// Ordered list of schema migrations; append, never edit a released one.
import type { Migration } from '../db';
import { core } from './001-core';

export const MIGRATIONS: readonly Migration[] = [core];
