// ELK's own worker script (GWT-compiled Java): loaded in a Web Worker it answers elk-api's messages, so
// parsing ELK and its cold first layout run off the main thread.
import "elkjs/lib/elk-worker.min.js";
