// The command a systemd unit or crontab line runs, for each way Snapvisor is installed.
import { describe, expect, it } from 'vitest';
import { cliInvocation } from '../../../electron/cli/invocation';

const base = { execPath: '/usr/bin/node', appImage: undefined, electron: false };

describe('cliInvocation', () => {
  it('from a checkout under Node: node on the launcher', () => {
    expect(cliInvocation({ ...base, script: '/src/bin/snapvisor.cjs' })).toEqual({ argv: ['/usr/bin/node', '/src/bin/snapvisor.cjs'], env: {} });
  });

  it('from a checkout under Electron (the dev app): Electron in Node mode on the bundle', () => {
    expect(cliInvocation({ ...base, electron: true, execPath: '/src/node_modules/electron/dist/electron', script: '/src/dist-electron/cli.cjs' }))
      .toEqual({ argv: ['/src/node_modules/electron/dist/electron', '/src/dist-electron/cli.cjs'], env: { ELECTRON_RUN_AS_NODE: '1' } });
  });

  it('from a deb/rpm install: the launcher in resources/, whoever asks (the app or the CLI)', () => {
    const packaged = { ...base, electron: true, execPath: '/opt/Snapvisor/snapvisor-desktop', script: '/opt/Snapvisor/resources/app.asar/dist-electron/cli.cjs' };
    expect(cliInvocation(packaged)).toEqual({ argv: ['/opt/Snapvisor/resources/bin/snapvisor'], env: {} });
  });

  it('from an AppImage: the AppImage file with `cli`, never its temporary mount', () => {
    const fromAppImage = {
      ...base, electron: true, appImage: '/home/ann/Apps/Snapvisor.AppImage', execPath: '/tmp/.mount_SnapviXYZ/snapvisor-desktop',
      script: '/tmp/.mount_SnapviXYZ/resources/app.asar/dist-electron/cli.cjs',
    };
    expect(cliInvocation(fromAppImage)).toEqual({ argv: ['/home/ann/Apps/Snapvisor.AppImage', 'cli'], env: {} });
  });
});
