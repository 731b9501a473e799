// Calls of the Export dialog.
import { call } from '../../lib/transport';
import type { ExportArgs, ExportResult, SuggestedPath } from '../../lib/bindings';

export const exportApi = {
  exportAll: (args: ExportArgs) => call<ExportResult>('export_all', args),
  suggest: (format: string) => call<SuggestedPath>('export_suggest', { format }),
};
