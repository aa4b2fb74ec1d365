import { z } from 'zod';
import { segmentSpec } from '../segments/types.js';

/** `/umumkan`: text → segment → preview → `ya` / `ubah` / `batal`. */
export const broadcastFlow = z.discriminatedUnion('step', [
  z.object({ name: z.literal('broadcast'), step: z.literal('text'), segment: segmentSpec.optional() }),
  z.object({ name: z.literal('broadcast'), step: z.literal('segment'), text: z.string() }),
  z.object({ name: z.literal('broadcast'), step: z.literal('confirm'), text: z.string(), segment: segmentSpec }),
  z.object({ name: z.literal('broadcast'), step: z.literal('change'), text: z.string(), segment: segmentSpec }),
]);
export type BroadcastFlow = z.infer<typeof broadcastFlow>;
