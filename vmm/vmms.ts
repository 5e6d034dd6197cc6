// The one list of VMMs the topology language knows, each with what it can do: the schema, the
// TS types, validation and the test matrix read it. Each VMM's command line is its own file
// (vmm/<name>.ts), listed in vmm/index.ts' EMITTERS: it reads resolved VMs, which this list,
// being part of the language that validation checks against, must come before.

/** Things a VM can ask of its VMM. */
export type VmmFeature = 'vfio' | 'virtio-fs' | 'vsock' | 'display';

export const FEATURE_LABELS: Record<VmmFeature, string> = {
  vfio: 'PCI passthrough (VFIO)',
  'virtio-fs': 'shared directories (virtio-fs)',
  vsock: 'vsock',
  display: 'a display (virtio-gpu)',
};

/**
 * Each VMM and what it can do. cloud-hypervisor has no virtio-gpu device, so it cannot show
 * an app VM's windows through a GPU VM; crosvm and QEMU can.
 */
const features = {
  'cloud-hypervisor': ['vfio', 'virtio-fs', 'vsock'],
  crosvm: ['vfio', 'virtio-fs', 'vsock', 'display'],
  qemu: ['vfio', 'virtio-fs', 'vsock', 'display'],
} as const satisfies Record<string, readonly VmmFeature[]>;

export type VmmName = keyof typeof features;

export const VMM_FEATURES: Record<VmmName, readonly VmmFeature[]> = features;

export const VMMS = Object.keys(features) as readonly VmmName[];
