// Ordered list of schema migrations; append, never edit a released one.
import type { Migration } from './migration';
import { core } from './001-core';
import { engine } from './002-engine';
import { merges } from './003-merges';
import { install } from './004-install';
import { listAtScale } from './005-list-at-scale';
import { loweredDowntimes } from './006-lowered-downtimes';
import { copies } from './007-copies';
import { scheduleCopies } from './008-schedule-copies';

export const MIGRATIONS: readonly Migration[] = [core, engine, merges, install, listAtScale, loweredDowntimes, copies, scheduleCopies];
