// The create-weir executable's entry point (bin/create-weir.js imports the compiled copy).
import { runCreateWeir } from "./createCommand.ts";

process.exitCode = runCreateWeir(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  userAgent: process.env.npm_config_user_agent,
});
