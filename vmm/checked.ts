// VMM options are `key=value,key=value` strings (QEMU, cloud-hypervisor, crosvm alike; crosvm's
// --vhost-user-fs also splits on ':'). A value holding `,`, `:` or `=` would inject options.
// Validation rejects such values before resolve; these checks make a gap there a loud bug
// instead of a VM started with options nobody wrote.

const PLAIN = /^[A-Za-z0-9._-]+$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const PCI = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

function check(ok: boolean, what: string, value: string): string {
  if (!ok) throw new Error(`bug: ${what} ${JSON.stringify(value)} reached a VMM emitter unvalidated`);
  return value;
}

/** A name, tag or serial placed inside an option string. */
export const plain = (value: string, what: string): string => check(PLAIN.test(value), what, value);

export const mac = (value: string): string => check(MAC.test(value), 'MAC address', value);

export const pciAddress = (value: string): string => check(PCI.test(value), 'PCI address', value);
