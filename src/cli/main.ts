#!/usr/bin/env node
import module from 'node:module';

// `wirabot`: the entry point of the command line. On Node 22+ the compiled code of every
// module is cached on disk (in the system temp directory, or NODE_COMPILE_CACHE), so from the
// second run on the command line starts without compiling its modules again. The program
// itself is imported only after that, so its modules are cached too.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./program.js');
