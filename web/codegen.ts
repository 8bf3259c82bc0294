// GraphQL Code Generator: the UI's typed documents and result types, from the API's printed schema and
// the .graphql documents beside the components that use them. The output is committed (the build and
// a fresh clone need no codegen step); `npm run codegen -w @weir/web` regenerates it, and
// test/codegen.test.ts fails when it is stale.
import type { CodegenConfig } from "@graphql-codegen/cli";

export const codegenConfig: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/graphql/generated/graphql.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        useTypeImports: true,
        // Enums as const objects: the UI lists statuses, levels and event types from them.
        enumsAsConst: true,
        skipTypename: false,
        nonOptionalTypename: false,
        // Nullable fields are `T | null`, not optional: a selected field is always in the result.
        avoidOptionals: { field: true, object: true, inputValue: false, defaultValue: false },
        scalars: { JSON: "unknown", DateTime: "string" },
        dedupeFragments: true,
      },
    },
  },
};

export default codegenConfig;
