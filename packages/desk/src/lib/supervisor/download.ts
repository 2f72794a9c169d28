/**
 * The reports' CSV downloads: the API's `GET /reports/*.csv` routes want the bearer token, which a
 * plain link cannot send, so the file is fetched and handed to the browser to save.
 */

/** The CSV reports the API serves (docs/reports.md), by the name their file is saved under. */
export const CSV_REPORTS = {
  'ticket-metrics.csv': '/reports/ticket-metrics.csv',
  'ticket-series.csv': '/reports/ticket-series.csv',
  'chat-metrics.csv': '/reports/chat-metrics.csv',
  'tickets.csv': '/reports/tickets.csv',
} as const;
export type CsvReport = keyof typeof CSV_REPORTS;

/**
 * Fetches `report` with `params` as `token` and saves it as its file name. Throws with the API's
 * refusal code (`BAD_USER_INPUT`, `FORBIDDEN`, …), or its status when it gave none.
 */
export async function downloadCsv(
  report: CsvReport,
  params: Readonly<Record<string, string>>,
  token: string,
): Promise<void> {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`${CSV_REPORTS[report]}${query ? `?${query}` : ''}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(await refusalCode(response));
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = report;
    link.click();
  } finally {
    // The click has started the download; the object URL is no longer needed once it has.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

async function refusalCode(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return body.errors?.[0]?.extensions?.code ?? String(response.status);
  } catch {
    return String(response.status);
  }
}
