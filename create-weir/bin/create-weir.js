#!/usr/bin/env node
// `npm create weir@latest DIR` runs this; the compiled entry point does the work.
import "../dist/main.js";
