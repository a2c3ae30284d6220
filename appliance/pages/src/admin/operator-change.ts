import { adminApi, type OperatorView, type Role } from '../api/client.js';

/** One change the table makes to an operator: a new role, or disabled / enabled. */
export type OperatorChange = { operator: OperatorView; role: Role } | { operator: OperatorView; disabled: boolean };

export interface ChangedOperator {
  change: OperatorChange;
  /** The operator as the service now has them. */
  operator: OperatorView;
}

/** Sends the change to the service, which refuses it for the administrator's own account. */
export async function changeOperator(change: OperatorChange): Promise<ChangedOperator> {
  const { id } = change.operator;
  const operator = 'role' in change ? await adminApi.changeRole(id, change.role) : await adminApi.setDisabled(id, change.disabled);
  return { change, operator };
}
