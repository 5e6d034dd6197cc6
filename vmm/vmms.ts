// The one list of VMMs. The schema, the TS types, validation and the test matrix all read it.

export const VMMS = ['cloud-hypervisor', 'crosvm', 'qemu'] as const;
export type VmmName = (typeof VMMS)[number];

/** Things a VM can ask of its VMM. */
export type VmmFeature = 'vfio' | 'virtio-fs' | 'vsock' | 'display';

export const FEATURE_LABELS: Record<VmmFeature, string> = {
  vfio: 'PCI passthrough (VFIO)',
  'virtio-fs': 'shared directories (virtio-fs)',
  vsock: 'vsock',
  display: 'a display (virtio-gpu)',
};

/**
 * What each VMM can do. cloud-hypervisor has no virtio-gpu device, so it cannot show an
 * app VM's windows through a GPU VM; crosvm and QEMU can.
 */
export const VMM_FEATURES: Record<VmmName, readonly VmmFeature[]> = {
  'cloud-hypervisor': ['vfio', 'virtio-fs', 'vsock'],
  crosvm: ['vfio', 'virtio-fs', 'vsock', 'display'],
  qemu: ['vfio', 'virtio-fs', 'vsock', 'display'],
};
