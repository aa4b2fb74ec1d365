// The staff directory's events: someone sent what looks like a staff invitation code. Only
// the runtime can tell whether it is a live code (src/codes/), so it answers.

export type StaffEvent = { readonly type: 'staff_code_sent'; readonly code: string };
