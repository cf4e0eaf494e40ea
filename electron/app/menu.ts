// The application menu as data, so it can be checked without Electron: File, Edit, View, Help.
// Reload and the developer tools exist only in development builds.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  dev: boolean;
  onAbout: () => void;
}

export function menuTemplate({ dev, onAbout }: MenuOptions): MenuItemConstructorOptions[] {
  const devItems: MenuItemConstructorOptions[] = dev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return [
    { label: '&File', submenu: [{ role: 'quit' }] },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' }, { role: 'redo' }, { type: 'separator' },
        { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'delete' }, { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        ...devItems,
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Help', submenu: [{ label: 'About Snapvisor', click: () => onAbout() }] },
  ];
}
