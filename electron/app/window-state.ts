// The main window's size and position, remembered across runs in a JSON file in userData.
// A file that is missing, corrupt or describes a place no display shows any more gives defaults.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect { x: number; y: number; width: number; height: number }

export interface WindowState {
  width: number;
  height: number;
  /** Absent when the window should be centred by the window manager. */
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };
export const MIN_SIZE = { width: 900, height: 600 };
const MAX_SIZE = 16_384;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 100_000;

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Validates a parsed state against the displays' work areas; anything doubtful falls back. */
export function sanitizeWindowState(raw: unknown, workAreas: readonly Rect[]): WindowState {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_WINDOW_STATE };
  const r = raw as Record<string, unknown>;
  const clamp = (v: unknown, min: number, fallback: number) => (isInt(v) ? Math.min(Math.max(v, min), MAX_SIZE) : fallback);
  const state: WindowState = {
    width: clamp(r.width, MIN_SIZE.width, DEFAULT_WINDOW_STATE.width),
    height: clamp(r.height, MIN_SIZE.height, DEFAULT_WINDOW_STATE.height),
    maximized: r.maximized === true,
  };
  if (isInt(r.x) && isInt(r.y)) {
    const rect = { x: r.x, y: r.y, width: state.width, height: state.height };
    // Keep the position only where a display still shows the window (monitors get unplugged).
    if (workAreas.some((area) => intersects(rect, area))) {
      state.x = r.x;
      state.y = r.y;
    }
  }
  return state;
}

export function loadWindowState(file: string, workAreas: readonly Rect[]): WindowState {
  try {
    return sanitizeWindowState(JSON.parse(readFileSync(file, 'utf8')), workAreas);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

/** Writes atomically (temp file + rename), so a crash mid-write never leaves a corrupt file. */
export function saveWindowState(file: string, bounds: Rect, maximized: boolean): void {
  const state: WindowState = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, maximized };
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
