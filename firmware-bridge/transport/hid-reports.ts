/**
 * The mapping between a byte stream and HID reports, kept apart from node-hid so it can be
 * tested on machines without HID devices (no /dev/uhid here).
 */

/**
 * Splits bytes into output reports: hidapi wants the report id as the first byte (0 when the
 * device uses none) and every report the device's full report size, so the tail is zero-padded.
 */
export function toOutputReports(data: Uint8Array, reportSize: number, reportId = 0): Buffer[] {
  if (!Number.isInteger(reportSize) || reportSize < 1) throw new RangeError('reportSize must be a positive integer');
  const reports: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += reportSize) {
    const report = Buffer.alloc(reportSize + 1);
    report[0] = reportId;
    report.set(data.subarray(offset, offset + reportSize), 1);
    reports.push(report);
  }
  return reports;
}

/** Whether a hidapi error means the device went away (read/write on a removed device). */
export function isHidDisconnect(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /could not read|cannot write|could not write|device (has been )?(disconnected|removed)|no such device|ENODEV|EIO/i.test(message);
}
