/**
 * Use cases on the child (case) record: create and read, within the caller's
 * scope. A child outside the caller's scope is answered exactly as a child
 * that does not exist.
 */
import { canReadChild, canWriteChild } from '#shared/domain/access';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { ApiRequest, ApiResponse } from '#shared/http/types';
import { validate } from '#shared/http/validation';
import { ReferenceTakenError, type ChildrenStore, type StoredChild } from '#shared/store/children-store';
import type { Clock, IdGenerator } from './ports';
import { newChildSchema } from './schemas';

export interface ChildrenDeps {
  store: ChildrenStore;
  clock: Clock;
  newId: IdGenerator;
}

export function childOperations({ store, clock, newId }: ChildrenDeps) {
  return {
    async createChild(request: ApiRequest): Promise<ApiResponse> {
      const input = validate(newChildSchema, request.body);
      if (!canWriteChild(request.caller, input)) {
        throw new ForbiddenError('An IRO may only record children allocated to them.');
      }
      const at = clock.now().toISOString();
      const child: StoredChild = { childId: newId(), ...input, createdAt: at, updatedAt: at, version: 1 };
      const changes = Object.entries(input).map(([field, to]) => ({ field, to }));
      try {
        await store.createChild(child, {
          auditId: newId(),
          childId: child.childId,
          at,
          actor: request.caller.email,
          action: 'child.created',
          recordType: 'child',
          recordId: child.childId,
          changes,
        });
      } catch (error) {
        if (error instanceof ReferenceTakenError) {
          throw new ConflictError([{ field: 'reference', reason: 'another child already has this case reference' }]);
        }
        throw error;
      }
      return { status: 201, body: child, headers: { location: `/children/${child.childId}` } };
    },

    async getChild(request: ApiRequest): Promise<ApiResponse> {
      const childId = request.pathParameters['childId'] ?? '';
      if (!isRecordId(childId)) throw ValidationError.of('childId', 'is not a child id');
      const child = await store.getChild(childId);
      if (!child || !canReadChild(request.caller, child)) throw new NotFoundError('No child with this id.');
      return { status: 200, body: child };
    },
  };
}

const isRecordId = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
