// Exposes exactly the IPC contract as window.snapvisor — one method per channel and `on` for
// the contract's events — and nothing generic (no raw ipcRenderer, no arbitrary channel).
// Bundled to one CommonJS file: a sandboxed preload can require only 'electron'.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApiClient, eventChannel, type Result } from './ipc/contract';

const api = createApiClient(
  (channel, request) => ipcRenderer.invoke(channel, request) as Promise<Result<unknown>>,
  (event, listener) => {
    // The IpcRendererEvent (with its sender) never reaches the page: only the payload does.
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(event), forward);
    return () => { ipcRenderer.removeListener(eventChannel(event), forward); };
  },
);

contextBridge.exposeInMainWorld('snapvisor', api);
