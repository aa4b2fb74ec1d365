export type PrivacyEvent =
  | { readonly type: 'announcements_stopped' }
  | { readonly type: 'announcements_resumed' }
  | { readonly type: 'personal_data_erased' }
  /** Said "tidak" to the consent before signing up: the chat is forgotten. */
  | { readonly type: 'consent_refused' };
