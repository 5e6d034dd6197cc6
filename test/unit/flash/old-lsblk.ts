// lsblk -J as util-linux before 2.37 printed it (Debian 11, Ubuntu 20.04): every value a
// string, flags such as RM, RO and HOTPLUG as "1"/"0", and one `mountpoint` instead of the
// `mountpoints` list. Derived from the new-format fixtures so each is tested in both forms.
type Node = Record<string, unknown>;

export function asOldUtilLinux(json: string): string {
  const doc = JSON.parse(json) as { blockdevices: Node[] };
  return JSON.stringify({ blockdevices: doc.blockdevices.map(oldNode) });
}

function oldNode(node: Node): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'mountpoints') continue;
    if (key === 'children') out.children = (value as Node[]).map(oldNode);
    else out[key] = typeof value === 'boolean' ? (value ? '1' : '0') : typeof value === 'number' ? String(value) : value;
  }
  out.mountpoint = Array.isArray(node.mountpoints) ? (node.mountpoints[0] ?? null) : (node.mountpoint ?? null);
  return out;
}
