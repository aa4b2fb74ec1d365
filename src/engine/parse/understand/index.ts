// Reading answers out of whole messages (issue 10). One pure function per kind of question;
// each takes the message, the city vocabulary and a small context, and returns a `Reading`:
// a value to store, a reason to ask back, or something that is not an answer.

export type { Ask, AskReason, NotAnswer, NotAnswerKind, ReadContext, Reading, Value } from './reading.js';
export { readConsent, readEraseConfirm, readSellsOnline, readYesNoFact } from './yes-no.js';
export { readBusinessName, readPersonName } from './names.js';
export { readSector } from './sector.js';
export { readKecamatan } from './kecamatan.js';
export { readMobile, toE164 } from './mobile.js';
export { readYear } from './year.js';
export { MAX_MONTHLY_OMZET, plausible, readCheckinOmzet, readMoneyConfirm, readSignupOmzet, type MoneyConfirm } from './omzet.js';
export { MAX_WORKERS, readWorkers } from './workers.js';
export { PROFILE_FIELDS, readChoice, readChoices, readEditField, type ChoiceDef } from './choices.js';
export { readRsvp, type Rsvp } from './rsvp.js';
export { readIdle } from './idle.js';
export { detectCommand, guard, isQuestion, isSmalltalk, matchFaq } from './screen.js';
