import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literalValue(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.STRING:
    case Kind.ENUM:
      return ast.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalValue);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalValue(f.value)]));
    case Kind.VARIABLE:
      throw new GraphQLError('variables are not allowed inside a literal JSON value');
  }
}

/** An answer or fact value: Boolean, number or option code. The engine checks it against the question. */
export const FactValueScalar = new GraphQLScalarType({
  name: 'FactValue',
  description: 'A fact value: Boolean, number or option code (docs/facts.md)',
  serialize: (v) => v,
  parseValue: (v) => {
    if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string') return v;
    throw new GraphQLError('FactValue must be a Boolean, a number or a string', { extensions: { code: 'VALIDATION_FAILED' } });
  },
  parseLiteral: (ast) => {
    const v = literalValue(ast);
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
    throw new GraphQLError('FactValue must be a Boolean, a number or a string', { extensions: { code: 'VALIDATION_FAILED' } });
  },
});

/** A fact value in OpenAPI, for the REST side of the classes that use FactValueScalar. */
export const FACT_VALUE_OPENAPI = { oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] };

/** A JSON object (facts by name, a rule set definition). */
export const JsonObjectScalar = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object',
  serialize: (v) => v,
  parseValue: (v) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
    throw new GraphQLError('JSONObject must be an object', { extensions: { code: 'VALIDATION_FAILED' } });
  },
  parseLiteral: (ast) => {
    const v = literalValue(ast);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
    throw new GraphQLError('JSONObject must be an object', { extensions: { code: 'VALIDATION_FAILED' } });
  },
});
