// Before any remote test: this process is in the client namespace, and the loopback sshd
// answers (restarted in the host's namespace if it died). A missing prerequisite fails the run
// with the step that fixes it, never a skip.
import { clientNamespace, ensureSshd } from './remote-host';

export default async function setup(): Promise<void> {
  clientNamespace();
  await ensureSshd();
}
