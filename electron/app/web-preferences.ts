// The renderer's sandbox. Every setting here is the secure one, spelled out even where it is
// Electron's default, so a future default change cannot loosen it silently.
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Permission requests (camera, notifications, …): the app needs none. */
export function allowPermission(_permission: string): boolean {
  return false;
}
