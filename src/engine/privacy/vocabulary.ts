export type PrivacyEvent =
  | { readonly type: 'announcements_stopped' }
  | { readonly type: 'announcements_resumed' }
  | { readonly type: 'personal_data_erased' };
