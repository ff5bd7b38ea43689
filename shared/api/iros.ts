/**
 * The IRO directory the admins keep (`/iros`): each IRO's name, the fraction
 * of a full-time post they work and the days they were active, from which the
 * monthly job counts the caseload per full-time IRO. The route table's
 * schemas have checked the entry (an FTE more than 0 and at most 1, an end
 * not before its start, the email lower-cased) and the access module who may
 * call; a PUT replaces the entry wholly, keeping who put it and when.
 */
import type { IroDirectoryEntry } from '#shared/domain/iro-directory';
import type { ApiResponse, RequestOf } from '#shared/http/types';
import type { Clock } from '#shared/api/ports';
import type { IroDirectory } from '#shared/store/ports';

/** What the directory's operations need. */
export interface IroDirectoryDeps {
  iros: IroDirectory;
  clock: Clock;
}

/** The operations of the IRO directory's routes. */
export function iroOperations(deps: IroDirectoryDeps) {
  return {
    async putIro(request: RequestOf<'putIro'>): Promise<ApiResponse> {
      const { name, fte, activeFrom, activeTo } = request.body;
      const entry: IroDirectoryEntry = { email: request.params.email, name, fte, activeFrom, ...(activeTo === undefined ? {} : { activeTo }) };
      const { entry: stored, created } = await deps.iros.put(entry, request.caller.email, deps.clock.now().toISOString());
      return { status: created ? 201 : 200, body: stored };
    },

    async listIros(_request: RequestOf<'listIros'>): Promise<ApiResponse> {
      return { status: 200, body: { iros: await deps.iros.list() } };
    },
  };
}
