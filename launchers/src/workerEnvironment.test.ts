import assert from "node:assert/strict";
import { test } from "node:test";
import { redactServerSecrets } from "./secretRedaction.ts";
import { createOutputTail } from "./worker/outputTail.ts";
import { workerEnvironment } from "./workerEnvironment.ts";

const SERVER_ENV = {
  PATH: "/usr/bin",
  HOME: "/home/weir",
  LC_ALL: "C.UTF-8",
  TZ: "UTC",
  WEIR_DATABASE_URL: "postgres://weir:s3cret-password@db:5432/weir",
  WEIR_ADMIN_TOKEN: "weir_admin-token-value-0123456789",
  AWS_SECRET_ACCESS_KEY: "aws-secret",
  AWS_REGION: "eu-west-3",
  AWS_PROFILE: "ops",
};

test("user code gets the base allowlist and what is named, never the server's secrets", () => {
  const env = workerEnvironment({ pass: ["AWS_REGION"], set: { REGION: "eu" } }, { parent: SERVER_ENV });
  assert.deepEqual(env, {
    PATH: "/usr/bin",
    HOME: "/home/weir",
    LC_ALL: "C.UTF-8",
    TZ: "UTC",
    AWS_REGION: "eu-west-3",
    REGION: "eu",
  });
});

test("a prefix pattern passes every matching name; without the base, only what is named", () => {
  assert.deepEqual(workerEnvironment({ pass: ["AWS_P*"] }, { base: false, parent: SERVER_ENV }), { AWS_PROFILE: "ops" });
});

test("settings that name a server secret are refused with the setting and the secret named", () => {
  assert.throws(
    () => workerEnvironment({ pass: ["WEIR_ADMIN_TOKEN"] }, { parent: SERVER_ENV }),
    /WEIR_ADMIN_TOKEN would give user code the server's WEIR_ADMIN_TOKEN/,
  );
  assert.throws(
    () => workerEnvironment({ set: { WEIR_DATABASE_URL: "x" } }, { parent: SERVER_ENV }),
    /the server's WEIR_DATABASE_URL/,
  );
  assert.throws(
    () => workerEnvironment({ pass: ["*"] }, { parent: SERVER_ENV }),
    /\* would give user code the server's WEIR_DATABASE_URL/,
  );
});

test("an exit report masks the server's secrets and the database password", () => {
  const printed = `connect ${SERVER_ENV.WEIR_DATABASE_URL} failed; token ${SERVER_ENV.WEIR_ADMIN_TOKEN}; pw s3cret-password`;
  assert.equal(redactServerSecrets(printed, SERVER_ENV), "connect <redacted> failed; token <redacted>; pw <redacted>");
  // The worker's stderr tail (what RUN_FAILURE carries) is masked against this process's environment.
  const saved = process.env.WEIR_ADMIN_TOKEN;
  process.env.WEIR_ADMIN_TOKEN = SERVER_ENV.WEIR_ADMIN_TOKEN;
  try {
    const tail = createOutputTail(1024);
    tail.push(`the admin token is ${SERVER_ENV.WEIR_ADMIN_TOKEN}\n`);
    assert.equal(tail.text(), "the admin token is <redacted>\n");
  } finally {
    if (saved === undefined) delete process.env.WEIR_ADMIN_TOKEN;
    else process.env.WEIR_ADMIN_TOKEN = saved;
  }
});
