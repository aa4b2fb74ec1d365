export type StatisticsEvent =
  /** `/statistik`: the runtime counts the registrations and answers. */
  { readonly type: 'statistics_requested'; readonly staffId: string };
