import { z } from 'zod';

/** `HAPUS DATA` asked "are you sure?". */
export const eraseFlow = z.object({ name: z.literal('erase_confirm') });
export type EraseFlow = z.infer<typeof eraseFlow>;

/** `BERHENTI` picked by a number from the menu asked "are you sure?" (a stale number must not stop them). */
export const stopFlow = z.object({ name: z.literal('stop_confirm') });
export type StopFlow = z.infer<typeof stopFlow>;
