#!/usr/bin/env node
// The `tcplabs` command. The kit is TypeScript run through tsx's loader, so there is no
// build step between `npm install` and a working command.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
