// A `usb` entry claims USB devices for its VM: by id ("vvvv:pppp"), narrowed by the device's
// serial number and/or the port it is plugged into ("046d:c52b serial=4C5300 port=1-2"), or by
// port alone ("port=1-2"). Narrowing is what lets two identical devices go to two VMs. The USB
// VM matches plugged devices against these; the format itself lives in formats.ts.

export interface UsbClaim {
  /** `vvvv:pppp`, lower-case hex; null: any device (a port-only claim). */
  id: string | null;
  /** The device's serial number string, exactly (case matters); null: any. */
  serial: string | null;
  /** Port path as the USB VM's kernel names it, "BUS-PORT[.PORT...]" (`vm usb`); null: any. */
  port: string | null;
}

/** A valid entry (formats.ts's `usb`) as a claim, its id lower-cased. */
export function parseUsbClaim(entry: string): UsbClaim {
  const claim: UsbClaim = { id: null, serial: null, port: null };
  for (const word of entry.split(' ')) {
    if (word.startsWith('serial=')) claim.serial = word.slice('serial='.length);
    else if (word.startsWith('port=')) claim.port = word.slice('port='.length);
    else claim.id = word.toLowerCase();
  }
  return claim;
}

/** The entry again, in its one normal spelling. */
export const usbClaimText = (claim: UsbClaim): string =>
  [claim.id, claim.serial === null ? null : `serial=${claim.serial}`, claim.port === null ? null : `port=${claim.port}`]
    .filter((w) => w !== null)
    .join(' ');

/** Whether one device could match both claims: every field both name is equal. */
export function claimsOverlap(a: UsbClaim, b: UsbClaim): boolean {
  const agree = (x: string | null, y: string | null): boolean => x === null || y === null || x === y;
  return agree(a.id, b.id) && agree(a.serial, b.serial) && agree(a.port, b.port);
}
