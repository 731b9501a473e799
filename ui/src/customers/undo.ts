// The one archive that can still be undone from its toast (starting a new shop dismisses it).
export const undo = { toastId: null as number | null, customerId: null as number | null };
