// What a VM is for. Its own file because the resolved types (cli/topology/types.ts), which the
// VMMs read, need it, while the field table (fields.ts) needs the VMMs' names.
export const ROLES = ['app', 'net', 'usb', 'gpu'] as const;
export type Role = (typeof ROLES)[number];
