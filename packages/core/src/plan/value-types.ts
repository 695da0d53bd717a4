/** Static value types of dataset fields and rule parameters. */
import type { RuleParam } from '../dsl/rule-schema.js';
import type { FieldType } from '../schema/datasets.js';
import type { ValueType } from './rule-plan.js';

/** The value type of a dataset field's type. */
export function typeOfField(t: FieldType): ValueType {
  switch (t) {
    case 'date':
      return 'date';
    case 'period':
      return 'period';
    case 'money':
      return 'money';
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'number';
    case 'code':
    case 'enum':
    case 'id_number':
    case 'string':
    default:
      return 'string';
  }
}

/** The value type of a rule parameter (lists are `list`). */
export function paramType(p: RuleParam): ValueType {
  switch (p.type) {
    case 'money':
      return 'money';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'integer[]':
    case 'string[]':
    default:
      return 'list';
  }
}
