import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/api';

/** The host's default name pattern for the VM's next snapshot, or '' when none could be had. */
export function useDefaultName(hostId: string, vmUuid: string): string {
  const [name, setName] = useState('');
  useEffect(() => {
    let live = true;
    unwrap(api().snapshots.defaultName({ hostId, vmUuid })).then(
      (n) => { if (live) setName(n); },
      () => { if (live) setName(''); },
    );
    return () => { live = false; };
  }, [hostId, vmUuid]);
  return name;
}
