import { z } from 'zod';

/** `HAPUS DATA` asked "are you sure?". */
export const eraseFlow = z.object({ name: z.literal('erase_confirm') });
export type EraseFlow = z.infer<typeof eraseFlow>;
