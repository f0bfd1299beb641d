import type {
  Briefing,
  BriefingId,
  BriefingSummary,
  LibraryStats,
  ListQuery,
  Page,
  ReadingUpdate,
} from '../../../shared/model';
import { AppFailure } from '../../../shared/result';
import { readOnlyReason, type Db } from '../db/open';
import * as repo from '../repos/briefings';

export type LibraryService = ReturnType<typeof createLibraryService>;

/** Reads and reading-state writes on the library; used by IPC handlers, the CLI and benchmarks. */
export function createLibraryService({ db }: { db: Db }) {
  const mustExist = <T>(value: T | undefined, id: BriefingId): T => {
    if (value === undefined)
      throw new AppFailure('NOT_FOUND', `briefing ${id} does not exist (it may have been deleted)`);
    return value;
  };
  return {
    stats: (): LibraryStats => ({ ...repo.libraryStats(db), readOnly: readOnlyReason(db) }),
    list: (q: ListQuery = {}): Page<BriefingSummary> => repo.listBriefings(db, q),
    get: (id: BriefingId): Briefing => mustExist(repo.getBriefing(db, id), id),
    updateReading: (u: ReadingUpdate): BriefingSummary => mustExist(repo.updateReading(db, u), u.id),
    remove: (id: BriefingId): void => {
      if (!repo.deleteBriefing(db, id)) mustExist(undefined, id);
    },
  };
}
