import { Agent, setGlobalDispatcher } from 'undici';

// Tests run the marketplaces' and providers' servers in the same process as their clients, and an
// embedded store's start-up holds that process's event loop for seconds (PGlite's WebAssembly). A
// request sent right after such a pause can go out on a kept-alive socket whose server-side idle
// timer has already run out but not yet fired: the server then resets it (read ECONNRESET). Real
// servers are not paused by the client's work, so only the tests' shared (global) dispatcher opens a
// connection per request; the polite client keeps its own pool as in production.
setGlobalDispatcher(new Agent({ pipelining: 0 }));
