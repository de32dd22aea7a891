// Runs first (imported at the top of main.tsx): keeps third-party code within the page's strict
// Content-Security-Policy (no 'unsafe-eval'). zod v4 probes `new Function('')` to decide whether to
// JIT-compile object parsers; under the CSP that probe is a reported violation. jitless skips it.
import { z } from 'zod';

z.config({ jitless: true });
