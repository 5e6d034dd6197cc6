// The one order of names (VMs, generated files): code-unit order, the same on every machine
// and in every locale, unlike localeCompare.
export const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
