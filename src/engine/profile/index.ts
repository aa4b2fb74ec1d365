import type { EngineCapability } from '../core/capability.js';
import { wordCommand } from '../core/commands.js';
import { say } from '../core/replies.js';
import { text } from '../core/text.js';
import type { TextParam } from '../core/vocabulary.js';
import { displayPhone } from '../parse/phone.js';
import type { EngineEvent, TurnContext } from '../unions.js';
import { editFlowDef, startEdit } from './edit.js';
import { linkCode, linkCommand } from './link.js';
import { kecamatanKind, sectorKind } from './segment-kinds.js';

// A registered person's profile: `profil` shows it, `ubah <field>` changes one field,
// `hubungkan` joins the chat of a typed number by a code sent there.

function profileMessage(ctx: TurnContext): EngineEvent {
  const p = ctx.person;
  if (!p) return say(text('common.not_registered'));
  const refName = (list: TurnContext['sectors'], id: number | null) => list.find((r) => r.id === id)?.name ?? '-';
  // The latest figure with its month, and the sign-up figure apart (issue 16, item 4).
  const latest = ctx.profile?.latestOmzet;
  const [year, month] = latest ? latest.period.split('-') : [];
  const latestParams: Record<string, TextParam> = latest ? { latestOmzet: latest.omzet, latestMonth: { key: `checkin.month_${Number(month)}` }, latestYear: Number(year) } : {};
  return say(
    text(latest ? 'profile.view_with_latest' : 'profile.view', {
      ...latestParams,
      memberNo: p.memberNo,
      name: p.name,
      business: p.business,
      sector: refName(ctx.sectors, p.sectorId),
      activity: p.activity ?? '-',
      kecamatan: refName(ctx.kecamatan, p.kecamatanId),
      phone: p.phone ? displayPhone(p.phone) : '-',
      year: p.year ?? '-',
      omzet: p.omzet ?? 0,
      status: { key: p.optedOut ? 'profile.announcements_off' : 'profile.announcements_on' },
    }),
  );
}

const showProfile = wordCommand('profile', (state, _command, ctx, kit) => kit.resume(state, profileMessage(ctx)));

const edit = wordCommand('edit', (state, command, ctx, kit) => {
  if (!ctx.person) return kit.resume(state, say(text('common.not_registered')));
  return startEdit(state, command.field, ctx, kit);
});

export const profile: EngineCapability = {
  name: 'profile',
  flows: [editFlowDef],
  commands: [showProfile, edit, linkCommand],
  interceptors: [linkCode],
  menu: [
    { label: text('menu.choice_profile'), order: 20, run: (state, ctx, kit) => showProfile.run(state, { type: 'profile' }, ctx, kit) },
    { label: text('menu.choice_edit'), order: 30, run: (state, ctx, kit) => edit.run(state, { type: 'edit', field: null }, ctx, kit) },
  ],
  segmentKinds: [kecamatanKind, sectorKind],
};
