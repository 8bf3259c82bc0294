// GraphQL Code Generator: typed documents for every operation in src/operations, from the API's
// printed schema. The output is committed so a fresh clone works offline; `npm run codegen -w
// @weir/client` regenerates it, and test/codegen.test.ts fails when it is stale.
import type { CodegenConfig } from "@graphql-codegen/cli";

export const codegenConfig: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/operations/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false, gqlTagName: "graphql" },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: false,
        avoidOptionals: false,
        scalars: { JSON: "unknown", DateTime: "string" },
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default codegenConfig;
