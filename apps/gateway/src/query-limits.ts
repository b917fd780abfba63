import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
}

/**
 * Refuses operations nested deeper than `maxDepth` fields or using more than `maxAliases`
 * aliases, before any subgraph is called: a query such as person → household → members →
 * household … costs the sender nothing and the agencies a great deal. Clients see Apollo's
 * GRAPHQL_VALIDATION_FAILED with the reason in the message.
 */
export function queryLimitRules(limits: QueryLimits): Array<(context: ValidationContext) => ASTVisitor> {
  return [(context) => limitVisitor(context, limits)];
}

function limitVisitor(context: ValidationContext, limits: QueryLimits): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      let aliases = 0;
      const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
        if (!set) return 0;
        let deepest = 0;
        for (const s of set.selections) {
          if (s.kind === Kind.FIELD) {
            if (s.alias) aliases++;
            if (s.name.value.startsWith('__')) continue;
            deepest = Math.max(deepest, 1 + depthOf(s.selectionSet, seen));
          } else if (s.kind === Kind.INLINE_FRAGMENT) {
            deepest = Math.max(deepest, depthOf(s.selectionSet, seen));
          } else if (!seen.has(s.name.value)) {
            const fragment = fragments.get(s.name.value);
            deepest = Math.max(deepest, depthOf(fragment?.selectionSet, new Set([...seen, s.name.value])));
          }
        }
        return deepest;
      };
      const depth = depthOf(operation.selectionSet, new Set());
      if (depth > limits.maxDepth) {
        context.reportError(
          new GraphQLError(`The query is ${depth} levels deep; the plein answers at most ${limits.maxDepth}.`, { nodes: [operation] }),
        );
      }
      if (aliases > limits.maxAliases) {
        context.reportError(
          new GraphQLError(`The query uses ${aliases} aliases; the plein answers at most ${limits.maxAliases}.`, { nodes: [operation] }),
        );
      }
    },
  };
}
