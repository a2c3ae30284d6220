import { Kind, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';

export interface Problem {
  /** JSON pointer into the descriptor, e.g. /layout/blocks/3/x. */
  path: string;
  reason: string;
  /** The reason in Chinese, where it is ours; a schema library's message has none. */
  reasonZh?: string;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The union member the value was meant to be: the block whose `kind` it names, or the object
 * whose required keys it has. TypeBox reports a bad block only as "Expected union value" at the
 * block; re-checking against the meant member names the actual field (`/layout/blocks/3/x`).
 */
function meantMember(union: TSchema, value: unknown): TSchema | undefined {
  if (!isObject(value)) return undefined;
  const members = (union.anyOf ?? []) as TSchema[];
  const byKind = members.find((m) => (m.properties as Obj | undefined)?.kind && ((m.properties as Obj).kind as Obj).const === value.kind);
  if (byKind) return byKind;
  return members.find((m) => m[Kind] === 'Object' && ((m.required ?? []) as string[]).every((key) => key in value) && Object.keys(value).every((key) => key in (m.properties as Obj)));
}

/** The first schema violation, made readable, or undefined when the value fits the schema. */
export function schemaProblem(schema: TSchema, value: unknown, prefix = ''): Problem | undefined {
  const error = Value.Errors(schema, value).First();
  if (!error) return undefined;
  if (error.type === ValueErrorType.Union) {
    const member = meantMember(error.schema, error.value);
    if (member) return schemaProblem(member, error.value, prefix + error.path);
    if (isObject(error.value) && 'kind' in error.value) return { path: `${prefix}${error.path}/kind`, reason: `unknown kind ${JSON.stringify(error.value.kind)}`, reasonZh: `未知的类型 ${JSON.stringify(error.value.kind)}` };
  }
  const allowed = (error.schema.anyOf as TSchema[] | undefined)?.map((m) => m.const).filter((c) => c !== undefined);
  const reason = allowed?.length ? `${error.message}: one of ${allowed.map((c) => JSON.stringify(c)).join(', ')}` : error.message;
  return { path: prefix + error.path, reason };
}
